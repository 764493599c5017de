"""Where uploaded files are kept: on this machine's disk, or in S3-compatible
buckets that every app server and worker reaches.

One machine keeps media in MEDIA_ROOT and private files in PRIVATE_MEDIA_ROOT.
A portal on several machines has no disk they all share, so it names two
buckets: one for media (Wagtail's images, documents, forum attachments) and
one for private files (subsidy documents, billing exports waiting for the
worker, month-end bills), which nobody outside may read.
"""

from django.core.exceptions import ImproperlyConfigured

FILESYSTEM = "django.core.files.storage.FileSystemStorage"
PRIVATE_FILESYSTEM = "cms.core.storage.PrivateFileSystemStorage"
MEDIA_BUCKET_STORAGE = "storages.backends.s3.S3Storage"
PRIVATE_BUCKET_STORAGE = "cms.core.bucket_storage.PrivateBucketStorage"
STATIC_FILES = "django.contrib.staticfiles.storage.StaticFilesStorage"

#: A bucket object read is kept in memory up to this size, then on disk: a
#: billing export may be hundreds of megabytes.
READ_MEMORY_BYTES = 16 * 2**20


def file_storages(
    media_bucket=None,
    private_bucket=None,
    *,
    endpoint_url=None,
    region=None,
    access_key=None,
    secret_key=None,
    private_acl="private",
    media_domain=None,
):
    """Django's STORAGES: the disk without buckets, the two buckets with them.

    Without keys boto3 finds its own credentials (its environment variables,
    a profile, the machine's role)."""
    if not media_bucket and not private_bucket:
        return {
            "default": {"BACKEND": FILESYSTEM},
            "private": {"BACKEND": PRIVATE_FILESYSTEM},
            "staticfiles": {"BACKEND": STATIC_FILES},
        }
    check_buckets(media_bucket, private_bucket, access_key, secret_key)

    connection = {
        "endpoint_url": endpoint_url,
        "region_name": region,
        "access_key": access_key,
        "secret_key": secret_key,
        # Two uploads of the same name must not replace each other, as on disk.
        "file_overwrite": False,
        "max_memory_size": READ_MEMORY_BYTES,
    }
    if endpoint_url:
        # MinIO and Ceph answer at one host, the bucket in the path.
        connection["addressing_style"] = "path"
    media = {
        **connection,
        "bucket_name": media_bucket,
        # Images are linked by plain addresses the bucket's policy opens to
        # everyone; the objects themselves carry no grant.
        "querystring_auth": False,
        "custom_domain": media_domain,
    }
    private = {
        **connection,
        "bucket_name": private_bucket,
        "default_acl": private_acl,
        # Never a signed link either: the portal's views read the files.
        "querystring_auth": False,
    }
    return {
        "default": {"BACKEND": MEDIA_BUCKET_STORAGE, "OPTIONS": media},
        "private": {"BACKEND": PRIVATE_BUCKET_STORAGE, "OPTIONS": private},
        "staticfiles": {"BACKEND": STATIC_FILES},
    }


def check_buckets(media_bucket, private_bucket, access_key, secret_key):
    """Fail at start on a half-made configuration rather than keep some files
    on one machine's disk, or private files where the public reads."""
    if not media_bucket or not private_bucket:
        raise ImproperlyConfigured(
            "MEDIA_BUCKET and PRIVATE_BUCKET are set together or not at all: "
            "with one of them, the other kind of file would stay on one "
            "machine's disk."
        )
    if media_bucket == private_bucket:
        raise ImproperlyConfigured(
            "PRIVATE_BUCKET must differ from MEDIA_BUCKET: the media bucket is "
            "readable by everyone."
        )
    if bool(access_key) != bool(secret_key):
        raise ImproperlyConfigured(
            "OBJECT_STORAGE_ACCESS_KEY_ID and OBJECT_STORAGE_SECRET_ACCESS_KEY "
            "are set together, or neither for boto3's own credentials."
        )
