"""What an import did, item by item: the summary a migration team reads and the JSON file they
keep. Every item that was not imported cleanly has its reasons next to it."""

from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

import orjson


class Outcome(StrEnum):
    imported = "imported"  # new article, nothing to check
    updated = "updated"  # changed on the site since the last run: the article follows
    unchanged = "unchanged"  # the same `Modified` as last time: left alone
    flagged = "flagged"  # imported or updated, with warnings a person should read
    skipped = "skipped"  # deliberately not imported (no title, duplicate, edited here, purged)
    failed = "failed"  # could not be imported; nothing of it was written


@dataclass
class ItemReport:
    item_id: int | None
    outcome: Outcome
    article_id: int | None = None
    title: str = ""
    reasons: list[str] = field(default_factory=list)  # warnings, or why it was skipped/failed
    notes: list[str] = field(default_factory=list)  # repairs made (legacy encodings, rounding)
    missing_files: list[str] = field(default_factory=list)


@dataclass
class Report:
    source: str
    dry_run: bool
    started_at: datetime
    finished_at: datetime | None = None
    items: list[ItemReport] = field(default_factory=list)
    # Columns of the list that nothing maps or ignores → on how many items they had a value.
    unmapped_columns: Counter[str] = field(default_factory=Counter)
    related_picks: int = 0  # picks set in the last phase
    related_unresolved: list[tuple[int, int]] = field(default_factory=list)  # (item, missing id)
    related_indexed: int | None = None  # live versions in the related index rebuilt at the end
    problems: list[str] = field(default_factory=list)  # pages or files the source could not read
    interrupted: bool = False

    def add(self, entry: ItemReport) -> None:
        self.items.append(entry)

    def counts(self) -> dict[str, int]:
        found = Counter(entry.outcome.value for entry in self.items)
        return {outcome.value: found.get(outcome.value, 0) for outcome in Outcome}

    def summary(self) -> str:
        seconds = ((self.finished_at or self.started_at) - self.started_at).total_seconds()
        counts = self.counts()
        lines = [
            f"{'DRY RUN (nothing written): ' if self.dry_run else ''}{self.source}",
            f"{len(self.items)} items in {seconds:.0f} s: "
            + ", ".join(f"{n} {outcome}" for outcome, n in counts.items() if n),
            f"related picks set: {self.related_picks}; picks naming items not imported: "
            f"{len(self.related_unresolved)}",
        ]
        if self.related_indexed is not None:
            lines.append(f"related index rebuilt: {self.related_indexed} live versions")
        if self.interrupted:
            lines.append("INTERRUPTED: run the same command again to go on where it stopped")
        if self.unmapped_columns:
            lines.append(
                "columns neither mapped nor ignored (add them to the mapping file): "
                + ", ".join(f"{c} ({n})" for c, n in sorted(self.unmapped_columns.items()))
            )
        for problem in self.problems:
            lines.append(f"source problem: {problem}")
        for entry in self.items:
            if entry.outcome in (Outcome.flagged, Outcome.skipped, Outcome.failed):
                what = f"item {entry.item_id} ({entry.outcome.value})"
                if entry.article_id is not None:
                    what += f" → article {entry.article_id}"
                lines.append(f"{what}: " + "; ".join(entry.reasons))
        return "\n".join(lines)

    def to_json(self) -> bytes:
        document: dict[str, Any] = {
            "source": self.source,
            "dry_run": self.dry_run,
            "started_at": self.started_at,
            "finished_at": self.finished_at,
            "interrupted": self.interrupted,
            "counts": self.counts(),
            "related_picks": self.related_picks,
            "related_indexed": self.related_indexed,
            "related_unresolved": [
                {"item_id": item, "related_item_id": missing}
                for item, missing in self.related_unresolved
            ],
            "unmapped_columns": dict(sorted(self.unmapped_columns.items())),
            "problems": self.problems,
            "items": [asdict(entry) for entry in self.items],
        }
        return orjson.dumps(document, option=orjson.OPT_INDENT_2)
