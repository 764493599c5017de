"""A test-only page marked for the replica that reads, writes, then reads
again, as a cabinet page that records something would."""

from django.http import HttpResponse
from django.urls import path

from cms.core.replica import replica_reads
from cms.directory.models import Service


@replica_reads
def read_write_read(request):
    before = Service.objects.filter(code="water_supply").count()
    Service.objects.create(code=f"extra-{before}", name="Додаткова", sort_order=99)
    after = Service.objects.filter(code__startswith="extra-").count()
    return HttpResponse(f"{before} {after}")


urlpatterns = [path("read-write-read/", read_write_read)]
