"""Two buckets in moto's in-process S3, and the portal's storages pointed at
them, for the tests of a portal spread over several machines. Nothing leaves
the process: moto answers every S3 call itself. Loaded only by the tests that
ask for the buckets, so the rest of the suite never imports moto."""

import boto3
from moto import mock_aws

from cms.storages import file_storages

MEDIA_BUCKET = "portal-media"
PRIVATE_BUCKET = "portal-private"
REGION = "eu-central-1"
# moto accepts any keys; naming them keeps boto3 from looking for real ones.
KEYS = {"access_key": "test-key", "secret_key": "test-secret"}


def moto_buckets(settings):
    """Yield the S3 client of the test's buckets, with STORAGES as the
    settings make it from MEDIA_BUCKET and PRIVATE_BUCKET (the ``buckets``
    fixture of tests/conftest.py)."""
    with mock_aws():
        s3 = boto3.client(
            "s3",
            region_name=REGION,
            aws_access_key_id=KEYS["access_key"],
            aws_secret_access_key=KEYS["secret_key"],
        )
        for name in (MEDIA_BUCKET, PRIVATE_BUCKET):
            s3.create_bucket(
                Bucket=name,
                CreateBucketConfiguration={"LocationConstraint": REGION},
            )
        settings.STORAGES = file_storages(
            MEDIA_BUCKET, PRIVATE_BUCKET, region=REGION, **KEYS
        )
        yield s3


def keys(s3, bucket, prefix=""):
    """The names of the objects in ``bucket`` under ``prefix``."""
    listed = s3.list_objects_v2(Bucket=bucket, Prefix=prefix)
    return sorted(entry["Key"] for entry in listed.get("Contents", []))


def body(s3, bucket, key):
    return s3.get_object(Bucket=bucket, Key=key)["Body"].read()
