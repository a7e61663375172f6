# golden: the migrations `manage.py migrate` would apply, as one JSON line. Run with
# `python manage.py shell -c` in the image about to be deployed, against the database through
# the tunnel; it reads django_migrations and the migration modules, it changes nothing.
# Works on Django 3.2 to 5.x: MigrationExecutor.migration_plan is what `migrate` itself uses.
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
