"""Where evidence files live and how they are checked: content-addressed by SHA-256 under the data
directory (``MEDIA_ROOT``/evidence/ab/cd/<sha256>), or in the storage named ``evidence`` in
``settings.STORAGES`` when a deployment configures one (e.g. object storage). Files are hashed as
they stream in (never read whole into memory), their type is recognised from their first bytes,
and sizes and types are limited."""

from __future__ import annotations

import hashlib
import os
from typing import IO, Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages

from cmcc.core.errors import ValidationFailed

CHUNK = 1024 * 1024
DEFAULT_MAX_BYTES = 200 * 1024 * 1024


def _max_bytes() -> int:
    configured = os.environ.get("CMCC_EVIDENCE_MAX_BYTES") or getattr(
        settings, "CMCC_EVIDENCE_MAX_BYTES", None
    )
    return int(configured) if configured else DEFAULT_MAX_BYTES


MAX_BYTES = _max_bytes()
TEXT_EXTENSIONS = {
    ".txt": "text/plain",
    ".csv": "text/csv",
    ".json": "application/json",
    ".geojson": "application/geo+json",
    ".html": "text/html",
    ".htm": "text/html",
    ".md": "text/markdown",
    ".xml": "application/xml",
    ".kml": "application/vnd.google-earth.kml+xml",
}
ALLOWED = (
    "images (JPEG, PNG, GIF, WebP, TIFF), video (MP4, QuickTime, WebM/Matroska), audio (MP3, Ogg, "
    "WAV), PDF, ZIP bundles, WARC web archives, and UTF-8 text (TXT, CSV, JSON, GeoJSON, HTML, XML, KML)"
)


def storage() -> Storage:
    if "evidence" in getattr(settings, "STORAGES", {}):
        return storages["evidence"]
    return FileSystemStorage(location=settings.MEDIA_ROOT)


def name_for(sha256: str) -> str:
    return f"evidence/{sha256[:2]}/{sha256[2:4]}/{sha256}"


def sniff(head: bytes, filename: str = "") -> str | None:
    """The content type recognised from a file's first bytes, or None when it is not allowed."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "audio/wav"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "image/tiff"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head[4:8] == b"ftyp":
        return "video/quicktime" if head[8:12] == b"qt  " else "video/mp4"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "video/webm"
    if head.startswith(b"ID3") or head[:2] in (b"\xff\xfb", b"\xff\xf3", b"\xff\xf2"):
        return "audio/mpeg"
    if head.startswith(b"OggS"):
        return "audio/ogg"
    if head.startswith(b"PK\x03\x04"):
        return "application/zip"
    if head.startswith(b"WARC/1."):
        return "application/warc"
    if b"\x00" not in head:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as exc:
            if exc.start < len(head) - 4:  # a multi-byte character cut at the end of the head is fine
                return None
        ext = "." + filename.rsplit(".", 1)[-1].lower() if "." in filename else ".txt"
        return TEXT_EXTENSIONS.get(ext, "text/plain")
    return None


def _chunks(file: Any):
    if hasattr(file, "chunks"):
        yield from file.chunks(CHUNK)
        return
    while True:
        block = file.read(CHUNK)
        if not block:
            return
        yield block


def inspect(file: Any, filename: str = "") -> tuple[str, int, str]:
    """Hash a file as it streams, check its size and type: (sha256, size, content type)."""
    declared = getattr(file, "size", None)
    if declared is not None and declared > MAX_BYTES:
        raise ValidationFailed({"file": f"The file is {declared:,} bytes; the limit is {MAX_BYTES:,} bytes."})
    digest = hashlib.sha256()
    size = 0
    head = b""
    if hasattr(file, "seek"):
        file.seek(0)
    for block in _chunks(file):
        if len(head) < 512:
            head += block[: 512 - len(head)]
        digest.update(block)
        size += len(block)
        if size > MAX_BYTES:
            raise ValidationFailed({"file": f"The file is larger than the limit of {MAX_BYTES:,} bytes."})
    if size == 0:
        raise ValidationFailed({"file": "The file is empty."})
    content_type = sniff(head, filename)
    if content_type is None:
        raise ValidationFailed(
            {"file": f"This type of file is not accepted as evidence. Accepted: {ALLOWED}."}
        )
    return digest.hexdigest(), size, content_type


def store(file: Any, sha256: str) -> str:
    """Keep the untouched original under its hash (one copy per content); returns its name."""
    target = storage()
    name = name_for(sha256)
    if target.exists(name):
        return name
    if hasattr(file, "seek"):
        file.seek(0)
    return target.save(name, file)


def rehash(name: str) -> str | None:
    """The SHA-256 of a stored file as it is now, or None when it is missing."""
    target = storage()
    if not name or not target.exists(name):
        return None
    digest = hashlib.sha256()
    with target.open(name, "rb") as handle:
        for block in _chunks(handle):
            digest.update(block)
    return digest.hexdigest()


def open_original(name: str) -> IO[bytes]:
    return storage().open(name, "rb")
