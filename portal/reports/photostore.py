"""Where cleaned report photos are kept: a local folder by default, an S3-compatible bucket in production.

Pages and services talk to a `PhotoStore` and never learn which one it is, so a laptop needs no
bucket and production (several app servers) needs no shared disk. Keys come from `photo_key` and are
checked by both stores alike, so a key that works on a laptop works against the bucket.
"""

from __future__ import annotations

import os
import re
import tempfile
import uuid
from pathlib import Path
from typing import Protocol

import boto3
from botocore.exceptions import ClientError

from portal.config import PhotoSettings, photo_settings

# Segments of letters, digits, ".", "_", "-", each starting with a letter or digit: so no "..", no
# ".", no absolute path, no backslash, no empty segment.
_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)*")
_MISSING_CODES = {"NoSuchKey", "404", "NotFound"}


class PhotoMissing(LookupError):
    """No photo under that key (deleted, or never stored)."""


class PhotoStore(Protocol):
    def put(self, key: str, data: bytes, content_type: str) -> None: ...
    def get(self, key: str) -> bytes: ...  # raises PhotoMissing
    def delete(self, key: str) -> None: ...  # a missing key is not an error


def photo_key(public_id: str, kind: str, extension: str) -> str:
    """A fresh, unguessable key such as "reports/7KQ3F9QXA2/before-<uuid hex>.jpg"."""
    return checked_key(f"reports/{public_id}/{kind}-{uuid.uuid4().hex}.{extension}")


def thumbnail_key(key: str) -> str:
    """The thumbnail's key beside its photo's: "….jpg" → "….thumb.jpg" (thumbnails are JPEGs)."""
    return checked_key(f"{key.rsplit('.', 1)[0]}.thumb.jpg")


def checked_key(key: str) -> str:
    if not _KEY.fullmatch(key):
        raise ValueError(f"{key!r} is not a photo key: relative, '/'-separated, no '..' or '.'.")
    return key


class LocalPhotoStore:
    """Files under one folder (git-ignored `var/photos/` by default), one file per key."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root).resolve()

    def put(self, key: str, data: bytes, content_type: str) -> None:
        # content_type is not kept: the key's extension says it, and we only store what we cleaned.
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        # Write beside the target, then rename: a reader never sees half a photo.
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as partial:
            partial.write(data)
        os.replace(partial.name, path)

    def get(self, key: str) -> bytes:
        try:
            return self._path(key).read_bytes()
        except FileNotFoundError as error:
            raise PhotoMissing(key) from error

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def _path(self, key: str) -> Path:
        path = (self.root / checked_key(key)).resolve()
        if not path.is_relative_to(self.root):  # a symlink inside the folder pointing out of it
            raise ValueError(f"{key!r} leads outside the photo folder.")
        return path


class S3PhotoStore:
    """Objects in an S3-compatible bucket (AWS S3, MinIO, Cloudflare R2…) under an optional prefix."""

    def __init__(self, bucket: str, *, prefix: str = "", endpoint_url: str | None = None, client=None):
        # With an endpoint_url botocore addresses buckets path-style, which MinIO needs.
        self.client = client or boto3.client("s3", endpoint_url=endpoint_url)
        self.bucket = bucket
        self.prefix = f"{prefix.strip('/')}/" if prefix.strip("/") else ""

    def put(self, key: str, data: bytes, content_type: str) -> None:
        self.client.put_object(Bucket=self.bucket, Key=self._key(key), Body=data, ContentType=content_type)

    def get(self, key: str) -> bytes:
        try:
            return self.client.get_object(Bucket=self.bucket, Key=self._key(key))["Body"].read()
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in _MISSING_CODES:
                raise PhotoMissing(key) from error
            raise

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self._key(key))

    def _key(self, key: str) -> str:
        return self.prefix + checked_key(key)


def photo_store(settings: PhotoSettings | None = None) -> PhotoStore:
    """The configured store (portal.config.photo_settings). Creating a boto3 client takes a while:
    pages should keep the result in st.cache_resource."""
    settings = settings or photo_settings()
    if settings.bucket:
        return S3PhotoStore(settings.bucket, prefix=settings.prefix, endpoint_url=settings.endpoint_url)
    return LocalPhotoStore(settings.directory)
