# golden: the migrations `manage.py migrate` would apply, as one JSON line. Run with
# `python manage.py shell -c` in the image about to be deployed, against the database through
# the tunnel; it reads django_migrations and the migration modules, it changes nothing.
# Works on Django 3.2 to 5.x: MigrationExecutor.migration_plan is what `migrate` itself uses.
# With GOLDEN_MIGRATE_GATE set, the container then waits for golden's verdict on the listing: golden
# writes the migration command to that file and Django's migrate (plain flags only) runs in this very
# process: one container and one start of the image instead of two; or golden removes the container
# (a refused migration).
def _golden_pending():
    import io
    import json
    import os
    import sys
    from django.core.management import call_command
    from django.db import DEFAULT_DB_ALIAS, connections
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    want_sql = os.environ.get("GOLDEN_MIGRATE_SQL") == "1"

    def source(migration):
        path = getattr(sys.modules.get(type(migration).__module__), "__file__", None) or ""
        if path.endswith(".pyc"):
            path = path[:-1]
        try:
            with open(path, encoding="utf-8") as f:
                return path, f.read()
        except (OSError, ValueError):
            return path, None

    def describe(op):
        try:
            return type(op).__name__ + ": " + op.describe()
        except Exception:
            return type(op).__name__

    pending = []
    for migration, backwards in plan:
        path, text = source(migration)
        item = {"app": migration.app_label, "name": migration.name, "file": path, "source": text,
                "operations": [describe(op) for op in migration.operations]}
        if want_sql:
            out = io.StringIO()
            try:
                call_command("sqlmigrate", migration.app_label, migration.name, stdout=out, no_color=True)
                item["sql"] = out.getvalue()
            except Exception as e:
                item["sql"] = "-- sqlmigrate failed: %s" % e
        pending.append(item)

    apps = {p["app"] for p in pending}
    names = {(p["app"], p["name"]) for p in pending}
    known = []
    for (app, name), migration in sorted(executor.loader.disk_migrations.items()):
        if app in apps and (app, name) not in names:
            path, text = source(migration)
            known.append({"app": app, "name": name, "file": path, "source": text})
    sys.stdout.write("GOLDEN-PENDING " + json.dumps({"pending": pending, "known": known}) + "\n")
    sys.stdout.flush()


_golden_pending()


def _golden_gate():
    import json
    import os
    import sys
    import time
    from django.db import connections

    gate = os.environ.get("GOLDEN_MIGRATE_GATE")
    if not gate:
        return
    connections.close_all()  # no idle connection while golden judges (or if golden never answers)
    deadline = time.monotonic() + float(os.environ.get("GOLDEN_MIGRATE_GATE_SECONDS", "1800"))
    while time.monotonic() < deadline:
        try:
            with open(gate, encoding="utf-8") as f:
                decision = f.read()
        except OSError:
            decision = ""
        if decision.endswith("\n"):  # written whole (the engine extracts it while the loop may read)
            verdict = json.loads(decision)
            flags = verdict["in_process"]
            # `manage.py migrate FLAGS` in this process: Django is set up already, so its start is not paid
            # twice. call_command skips the system checks migrate runs unless told; sys.argv is the
            # migrate command's, for code that looks at it from here on (settings were read under `shell`).
            from django.core.management import call_command
            from django.core.management.base import CommandError

            sys.argv = verdict["migrate"]
            options = {} if "--skip-checks" in flags else {"skip_checks": False}
            try:
                call_command("migrate", *flags, **options)
            except CommandError as e:  # as manage.py reports it
                if "--traceback" in flags:
                    raise
                sys.stderr.write("CommandError: %s\n" % e)
                sys.exit(getattr(e, "returncode", 1))
            sys.exit(0)
        time.sleep(0.02)
    sys.stderr.write("golden gave no verdict on the listing in time; nothing was applied\n")
    sys.exit(3)


_golden_gate()
