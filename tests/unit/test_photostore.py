"""Photo storage: the local folder and an S3 bucket (moto's in-process fake: no network) behave alike."""

from __future__ import annotations

import os
from unittest import mock

import boto3
import pytest
from botocore.exceptions import ClientError
from moto import mock_aws

from portal.config import PhotoSettings, photo_settings
from portal.reports.photostore import (
    LocalPhotoStore,
    PhotoMissing,
    S3PhotoStore,
    photo_key,
    photo_store,
    thumbnail_key,
)

BUCKET = "city-photos"
JPEG = b"\xff\xd8\xff\xe0 cleaned photo bytes"
ESCAPING_KEYS = ["../outside.jpg", "reports/../../outside.jpg", "/etc/passwd", "reports//a.jpg",
                 "reports/./a.jpg", "reports\\..\\a.jpg", "", ".hidden", "reports/a.jpg/"]  # fmt: skip


@pytest.fixture(scope="module")
def s3():
    """One fake S3 for the module (starting moto takes about a second); tests use distinct keys."""
    fake = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_DEFAULT_REGION": "us-east-1"}  # fmt: skip
    with mock.patch.dict(os.environ, fake), mock_aws():
        client = boto3.client("s3")
        client.create_bucket(Bucket=BUCKET)
        yield client


@pytest.fixture(params=["local", "s3"])
def store(request, tmp_path):
    if request.param == "local":
        return LocalPhotoStore(tmp_path / "photos")
    return S3PhotoStore(BUCKET, prefix="portal", client=request.getfixturevalue("s3"))


def test_round_trip_and_delete(store):
    key = photo_key("7KQ3F9QXA2", "before", "jpg")
    store.put(key, JPEG, "image/jpeg")
    assert store.get(key) == JPEG
    store.put(key, b"replaced", "image/jpeg")
    assert store.get(key) == b"replaced"
    store.delete(key)
    with pytest.raises(PhotoMissing):
        store.get(key)
    store.delete(key)  # deleting twice is fine


@pytest.mark.parametrize("key", ESCAPING_KEYS)
def test_keys_that_could_escape_are_refused(store, key):
    for attempt in (lambda: store.put(key, JPEG, "image/jpeg"), lambda: store.get(key),
                    lambda: store.delete(key)):  # fmt: skip
        with pytest.raises(ValueError):
            attempt()


def test_local_store_writes_only_inside_its_folder(tmp_path):
    store = LocalPhotoStore(tmp_path / "photos")
    store.put("reports/A1/before-1.jpg", JPEG, "image/jpeg")
    assert (tmp_path / "photos" / "reports" / "A1" / "before-1.jpg").read_bytes() == JPEG
    assert [path.name for path in tmp_path.rglob("*") if path.is_file()] == ["before-1.jpg"]


def test_local_store_refuses_a_symlink_out_of_its_folder(tmp_path):
    (tmp_path / "photos").mkdir()
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "photos" / "reports").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(ValueError, match="outside"):
        LocalPhotoStore(tmp_path / "photos").put("reports/a.jpg", JPEG, "image/jpeg")
    assert not list((tmp_path / "elsewhere").iterdir())


def test_s3_store_keeps_prefix_and_content_type(s3):
    S3PhotoStore(BUCKET, prefix="/portal/", client=s3).put("reports/A1/before-1.png", b"png", "image/png")
    stored = s3.get_object(Bucket=BUCKET, Key="portal/reports/A1/before-1.png")
    assert (stored["Body"].read(), stored["ContentType"]) == (b"png", "image/png")


def test_s3_store_passes_other_errors_on(s3):
    with pytest.raises(ClientError, match="NoSuchBucket"):
        S3PhotoStore("no-such-bucket", client=s3).get("reports/a.jpg")


def test_photo_key_is_fresh_and_shaped():
    first, second = photo_key("7KQ3F9QXA2", "before", "jpg"), photo_key("7KQ3F9QXA2", "before", "jpg")
    assert first != second
    assert first.startswith("reports/7KQ3F9QXA2/before-") and first.endswith(".jpg")
    assert len(first.rsplit("-", 1)[1]) == len("0" * 32 + ".jpg")
    assert thumbnail_key(first) == first.removesuffix(".jpg") + ".thumb.jpg"
    with pytest.raises(ValueError):
        photo_key("../7KQ3", "before", "jpg")


def test_settings_come_from_the_environment(monkeypatch, tmp_path):
    for name in ("PORTAL_PHOTO_DIR", "PORTAL_PHOTO_BUCKET", "PORTAL_PHOTO_ENDPOINT", "PORTAL_PHOTO_PREFIX"):
        monkeypatch.delenv(name, raising=False)
    default = photo_settings()
    assert default.directory.parts[-2:] == ("var", "photos") and default.bucket is None
    monkeypatch.setenv("PORTAL_PHOTO_DIR", str(tmp_path))
    monkeypatch.setenv("PORTAL_PHOTO_BUCKET", BUCKET)
    monkeypatch.setenv("PORTAL_PHOTO_ENDPOINT", "http://127.0.0.1:9000")
    monkeypatch.setenv("PORTAL_PHOTO_PREFIX", "staging")
    assert photo_settings() == PhotoSettings(tmp_path, BUCKET, "http://127.0.0.1:9000", "staging")


def test_photo_store_follows_settings(tmp_path, s3):
    local = photo_store(PhotoSettings(tmp_path, None, None, ""))
    assert isinstance(local, LocalPhotoStore) and local.root == tmp_path.resolve()
    bucket = photo_store(PhotoSettings(tmp_path, BUCKET, "http://127.0.0.1:9000", "staging"))
    assert isinstance(bucket, S3PhotoStore)
    assert (bucket.bucket, bucket.prefix) == (BUCKET, "staging/")
    assert bucket.client.meta.endpoint_url == "http://127.0.0.1:9000"
