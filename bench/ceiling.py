"""The ceiling: the fastest a single worker of our stack can answer, with no app code at all.

One `async def` route returns fixed bytes (a ~1 KB JSON teaser), so what is left is uvicorn,
Starlette routing and wrk on the same cores. Served exactly as `newsdesk serve` serves the
real app (app/cli.py): same uvicorn.run options, loop and HTTP implementation left on "auto".

    .venv/bin/python bench/ceiling.py --port 8765     # then GET /ceiling
"""

import argparse
import json

import uvicorn
from fastapi import FastAPI
from starlette.responses import Response

# Shaped like a public list item so the body size (and its cost on the wire) is realistic.
_TEASER = {
    "id": 100001,
    "title": "Hội nghị triển khai công tác dân vận năm 2026 tại các xã vùng biên giới",
    "slug": "hoi-nghi-trien-khai-cong-tac-dan-van-nam-2026-tai-cac-xa-vung-bien-gioi",
    "summary": (
        "Sáng nay, Ban Dân vận Tỉnh ủy tổ chức hội nghị triển khai nhiệm vụ công tác dân vận, "
        "tập trung vào các xã vùng biên giới và đồng bào dân tộc thiểu số."
    ),
    "image": {
        "url": "/media/2026/11/hoi-nghi-dan-van-bien-gioi.jpg",
        "width": 1200,
        "height": 675,
        "alt": "Quang cảnh hội nghị",
    },
    "image_caption": "Quang cảnh hội nghị triển khai công tác dân vận",
    "alternate_url": None,
    "published_at": "2026-11-27T01:30:00Z",
    "featured": False,
    "byline": "Phóng viên Trung Hiếu",
    "article_type": "news",
    "category": {"id": 3, "name": "Chính trị", "slug": "chinh-tri"},
    "tags": [
        {"id": 11, "name": "Dân vận", "slug": "dan-van"},
        {"id": 12, "name": "Biên giới", "slug": "bien-gioi"},
        {"id": 13, "name": "Dân tộc thiểu số", "slug": "dan-toc-thieu-so"},
    ],
    "view_count": 1234,
    "updated_at": "2026-11-27T01:35:00Z",
}
BODY = json.dumps(_TEASER, ensure_ascii=False, separators=(",", ":")).encode()

app = FastAPI(title="Newsdesk benchmark ceiling", openapi_url=None, docs_url=None)


@app.get("/ceiling")
async def ceiling() -> Response:
    """Fixed bytes, no work."""
    return Response(content=BODY, media_type="application/json")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    # Mirror app/cli.py `serve` (minus reload, which is off there unless asked for).
    uvicorn.run(
        app,
        host=args.host,
        port=args.port,
        workers=1,
        log_config=None,
        access_log=False,
        proxy_headers=True,
    )


if __name__ == "__main__":
    main()
