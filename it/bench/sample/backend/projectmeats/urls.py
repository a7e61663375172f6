import os

from django.db import connection
from django.http import JsonResponse
from django.urls import path


def health(request):
    # Healthy = the database answers; the HEALTH=fail build always answers 503 (benchmark 4).
    if os.environ.get("BENCH_HEALTH") == "fail":
        return JsonResponse({"status": "failing on purpose"}, status=503)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM bench_note")
        notes = cursor.fetchone()[0]
    return JsonResponse({"status": "ok", "notes": notes})


urlpatterns = [path("api/v1/health/", health)]
