"""Images with Pillow: checked before decoding, re-encoded clean, resized into renditions.

Every stored image is produced by our encoder, never the uploaded bytes: that drops all
metadata (EXIF with GPS, XMP, IPTC, comments) and anything smuggled after the image data. JPEG
keeps its own quantization tables, so the loss is the least a re-encode can give; PNG, GIF and
lossless WebP stay lossless. The EXIF orientation is applied to the pixels first.
"""

import io
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, BinaryIO

from PIL import Image, ImageOps, ImageSequence, JpegImagePlugin

from app.media.validation import TYPES, FileType, InvalidFile

_PILLOW_FORMAT = {"jpeg": "JPEG", "png": "PNG", "webp": "WEBP", "gif": "GIF"}
WEBP_QUALITY = 80
JPEG_QUALITY = 85
_LOSSY_WEBP_ORIGINAL_QUALITY = 90


@dataclass(frozen=True)
class Encoded:
    data: bytes
    width: int
    height: int
    file_type: FileType


@dataclass(frozen=True)
class ProcessedImage:
    original: Encoded
    renditions: list[Encoded]


@dataclass
class _Frames:
    """A decoded image: one frame for a still, every frame of an animation."""

    frames: list[Image.Image]
    durations: list[int]
    loop: int
    icc_profile: bytes | None

    @property
    def animated(self) -> bool:
        return len(self.frames) > 1

    @property
    def size(self) -> tuple[int, int]:
        return self.frames[0].size


def process_image(
    source: BinaryIO,
    file_type: FileType,
    *,
    max_pixels: int,
    max_frames: int,
    widths: Sequence[int],
) -> ProcessedImage:
    """Check, clean and resize one uploaded image (422 for anything damaged or too big)."""
    source.seek(0)
    with warnings.catch_warnings():
        # Pillow only warns between its limit and twice its limit; here that is a refusal too.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(source, formats=[_PILLOW_FORMAT[file_type.name]]) as image:
                decoded = _decode(image, file_type, max_pixels=max_pixels, max_frames=max_frames)
                original = _encode_original(image, decoded, file_type, source)
            renditions = _renditions(decoded, file_type, widths)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise InvalidFile(
                "the image declares more pixels than allowed (decompression bomb guard)"
            ) from exc
        except InvalidFile:
            raise
        except Exception as exc:  # Pillow reports damaged data with many exception types
            raise InvalidFile(
                f"the file starts like {file_type.label} but cannot be decoded"
            ) from exc
    return ProcessedImage(original=original, renditions=renditions)


def _decode(
    image: Image.Image, file_type: FileType, *, max_pixels: int, max_frames: int
) -> _Frames:
    width, height = image.size
    # Multi-frame JPEGs (MPO: phone depth maps, stereo pairs) are stills; keep the first frame.
    frame_count = 1 if file_type.name == "jpeg" else getattr(image, "n_frames", 1)
    # Both limits are checked on the header, before a single pixel is decoded.
    if frame_count > max_frames:
        raise InvalidFile(f"the animation has {frame_count} frames; at most {max_frames}")
    if width * height * frame_count > max_pixels:
        raise InvalidFile(
            f"the image has {width}×{height} pixels"
            + (f" × {frame_count} frames" if frame_count > 1 else "")
            + f"; at most {max_pixels} in all"
        )
    icc = image.info.get("icc_profile") or None
    if frame_count == 1:
        image.load()
        try:
            still = ImageOps.exif_transpose(image)
        except (ValueError, TypeError, KeyError, SyntaxError):
            still = image  # unreadable EXIF: keep the pixels as stored; the EXIF goes anyway
        return _Frames([_clean(still)], [0], 0, icc)
    frames, durations = [], []
    for frame in ImageSequence.Iterator(image):
        frames.append(_clean(frame.convert("RGBA")))
        durations.append(int(frame.info.get("duration", 100) or 100))
    return _Frames(frames, durations, int(image.info.get("loop", 0)), icc)


def _clean(image: Image.Image) -> Image.Image:
    """A copy whose info holds nothing the encoders could write back as metadata."""
    copy = image.copy()
    copy.info = {k: v for k, v in image.info.items() if k == "transparency"}
    return copy


def _encode_original(
    image: Image.Image, decoded: _Frames, file_type: FileType, source: BinaryIO
) -> Encoded:
    options: dict[str, Any] = {"icc_profile": decoded.icc_profile} if decoded.icc_profile else {}
    match file_type.name:
        case "jpeg":
            # The original's own tables: what Pillow's quality="keep" does, which it only
            # allows on an untouched image (not after applying the orientation).
            qtables = getattr(image, "quantization", None)
            sampling = JpegImagePlugin.get_sampling(image)
            if qtables:
                options["qtables"] = qtables
            else:
                options["quality"] = JPEG_QUALITY
            if sampling != -1:
                options["subsampling"] = sampling
            options.update(optimize=True, progressive=bool(image.info.get("progressive")))
        case "webp":
            if _webp_is_lossless(source):
                options["lossless"] = True
            else:
                options["quality"] = _LOSSY_WEBP_ORIGINAL_QUALITY
    return _encode(decoded.frames, decoded, file_type, options)


def _encode(
    frames: list[Image.Image], decoded: _Frames, file_type: FileType, options: dict[str, Any]
) -> Encoded:
    buffer = io.BytesIO()
    first = frames[0]
    if file_type.name == "jpeg" and first.mode not in ("L", "RGB", "CMYK"):
        first = first.convert("RGB")
    if len(frames) > 1:
        options = {
            **options,
            "save_all": True,
            "append_images": frames[1:],
            "duration": decoded.durations,
            "loop": decoded.loop,
        }
        if file_type.name == "gif":
            options["disposal"] = 2  # every frame is a full picture: clear before drawing
    first.save(buffer, format=_PILLOW_FORMAT[file_type.name], **options)
    return Encoded(buffer.getvalue(), first.width, first.height, file_type)


def _renditions(decoded: _Frames, file_type: FileType, widths: Sequence[int]) -> list[Encoded]:
    """WebP at each configured width below the image's own, plus the original's format at the
    same widths (the original itself is the largest of those). When the image is narrower than
    the largest width, a WebP at its own width tops the WebP set."""
    width, height = decoded.size
    if not widths:
        return []
    smaller = sorted({w for w in widths if w < width}, reverse=True)
    webp = TYPES["webp"]
    results: list[Encoded] = []
    frames = [_working_mode(f) for f in decoded.frames]
    if file_type.name != "webp" and width < max(widths):
        results.append(_encode(frames, decoded, webp, _rendition_options(webp, decoded)))
    for target in smaller:
        # Each size from the previous one: far cheaper than from the full image every time.
        size = (target, max(1, round(height * target / width)))
        frames = [f.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0) for f in frames]
        results.append(_encode(frames, decoded, webp, _rendition_options(webp, decoded)))
        if file_type.name != "webp":
            results.append(
                _encode(frames, decoded, file_type, _rendition_options(file_type, decoded))
            )
    return sorted(results, key=lambda e: (e.file_type.name != "webp", e.width))


def _working_mode(frame: Image.Image) -> Image.Image:
    """RGB or RGBA: what resizing and every web encoder handle."""
    if frame.mode in ("RGB", "RGBA"):
        return frame
    if frame.mode in ("I;16", "I;16B", "I;16L", "I"):
        # 16-bit greyscale: scale down to 8 bits rather than clip at 255.
        frame = frame.point(_to_8_bits).convert("L")
    has_alpha = frame.mode in ("LA", "PA", "RGBa", "La") or "transparency" in frame.info
    return frame.convert("RGBA" if has_alpha else "RGB")


def _to_8_bits(value: float) -> float:
    return value / 256


def _rendition_options(file_type: FileType, decoded: _Frames) -> dict[str, Any]:
    options: dict[str, Any] = {"icc_profile": decoded.icc_profile} if decoded.icc_profile else {}
    match file_type.name:
        case "webp":
            options.update(quality=WEBP_QUALITY, method=4)
        case "jpeg":
            options.update(quality=JPEG_QUALITY, optimize=True, progressive=True)
    return options


def _webp_is_lossless(source: BinaryIO) -> bool:
    """Whether a WebP holds lossless (VP8L) image data, from its RIFF chunks."""
    source.seek(0)
    data = source.read(256 * 1024)
    source.seek(0)
    position = 12
    while position + 8 <= len(data):
        fourcc = data[position : position + 4]
        size = int.from_bytes(data[position + 4 : position + 8], "little")
        if fourcc == b"VP8L":
            return True
        if fourcc == b"VP8 ":
            return False
        # An animation frame holds a 16-byte header and then the frame's own chunks.
        position += 8 + 16 if fourcc == b"ANMF" else 8 + size + (size & 1)
    return False
