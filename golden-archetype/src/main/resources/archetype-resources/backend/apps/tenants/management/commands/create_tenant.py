"""python manage.py create_tenant SLUG --name NAME [--domain D]... [--owner USER --password-stdin] [--staff]

Creates a tenant (or updates its name and domains: safe to run again) and, with --owner,
a user who owns it. The owner's password is read from standard input, never from the
command line, where `ps` and shell history would show it:

    printf '%s' "$PASSWORD" | docker exec -i pm-backend python manage.py create_tenant acme \
        --name "Acme Ltd" --domain acme.example.com --owner alice --password-stdin

--staff also lets the owner into the Django admin (is_staff, group "Tenant staff": the
tenant's business data and its members, scoped to the tenant by apps.tenants.admin).

It runs as whichever database role the settings name: on a droplet that is the application
role, which row-level security binds, so the membership is written with the new tenant set
as the transaction's current tenant (SET LOCAL).
"""
import sys

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_slug
from django.core.exceptions import ValidationError
from django.db import transaction

from apps.tenants.context import set_current_tenant, set_current_user
from apps.tenants.models import Tenant, TenantDomain, TenantScopedModel, TenantUser

STAFF_GROUP = "Tenant staff"


class Command(BaseCommand):
    help = "Create or update a tenant, its domains and (optionally) its owner."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="unique short name, e.g. acme (also the subdomain acme.<domain>)")
        parser.add_argument("--name", help="display name (default: the slug)")
        parser.add_argument("--domain", action="append", default=[], help="a domain served for this tenant (repeatable)")
        parser.add_argument("--owner", help="username of the owner; created when missing")
        parser.add_argument("--email", default="", help="the owner's email, when the user is created")
        parser.add_argument(
            "--password-stdin",
            action="store_true",
            help="read the owner's password from standard input (first line); required for a new owner",
        )
        parser.add_argument("--staff", action="store_true", help="let the owner into the admin, for this tenant's data")

    def handle(self, *args, slug, name, domain, owner, email, password_stdin, staff=False, **options):
        try:
            validate_slug(slug)
        except ValidationError:
            raise CommandError(f"'{slug}' is not a valid slug: use letters, digits, '-' and '_' (e.g. acme)")
        if staff and not owner:
            raise CommandError("--staff applies to the owner: give --owner USERNAME too")
        if password_stdin and not owner:
            raise CommandError("--password-stdin sets the owner's password: give --owner USERNAME too")
        password = self._read_password() if password_stdin else None

        User = get_user_model()
        with transaction.atomic():
            tenant, created = Tenant.objects.get_or_create(slug=slug, defaults={"name": name or slug})
            if name and tenant.name != name:
                tenant.name = name
                tenant.save(update_fields=["name"])
            for d in domain:
                existing = TenantDomain.objects.filter(domain=d.lower()).first()
                if existing and existing.tenant_id != tenant.pk:
                    raise CommandError(f"domain {d} already belongs to tenant {existing.tenant.slug}")
                if not existing:
                    TenantDomain.objects.create(domain=d, tenant=tenant)
            if owner:
                user = User.objects.filter(username=owner).first()
                if user is None:
                    if password is None:
                        raise CommandError(f"user {owner} does not exist: give --password-stdin to create it")
                    user = User.objects.create_user(owner, email=email, password=password)
                elif password is not None:
                    user.set_password(password)
                    user.save(update_fields=["password"])
                # RLS on memberships: the row written must belong to the transaction's current
                # tenant, and the user's memberships of other tenants (their default) are visible
                # to the application role only as the current user's own rows.
                set_current_tenant(tenant.pk)
                set_current_user(user.pk)
                has_default = TenantUser.objects.filter(user=user, is_default=True).exclude(tenant=tenant).exists()
                TenantUser.objects.update_or_create(
                    tenant=tenant,
                    user=user,
                    defaults={"role": TenantUser.Role.OWNER, "is_default": not has_default},
                )
                if staff:
                    user.is_staff = True
                    user.save(update_fields=["is_staff"])
                    user.groups.add(self._staff_group())
        verb = "created" if created else "updated"
        who = f", owner {owner}" if owner else ""
        self.stdout.write(f"Tenant {tenant.slug} ({tenant.pk}) {verb}{who}")

    def _staff_group(self):
        """Every permission on tenant models, view on users, view/change on memberships."""
        group, _ = Group.objects.get_or_create(name=STAFF_GROUP)
        tenant_models = [m for m in apps.get_models() if issubclass(m, TenantScopedModel)]
        codenames = [f"{action}_{m._meta.model_name}" for m in tenant_models for action in ("view", "add", "change", "delete")]
        codenames += ["view_user", "view_tenantuser", "change_tenantuser"]
        group.permissions.add(*Permission.objects.filter(codename__in=codenames))
        return group

    def _read_password(self):
        line = sys.stdin.readline().rstrip("\r\n")
        if not line:
            raise CommandError("--password-stdin: standard input was empty; pipe the password in")
        return line
