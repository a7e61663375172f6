package com.meatscentral.golden.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TenancyRulesTest {

    @TempDir
    Path dir;

    private final VerifyConfig config = VerifyConfig.defaults();

    @Test
    void schemaCodeIsReportedInCodeButNotInCommentsOrDocstrings() {
        Fixture f = new Fixture(dir)
                .file(
                        "backend/projectmeats/settings/base.py",
                        "\"\"\"We do not use TENANT_MODEL or django_tenants (see the golden rules).\"\"\"",
                        "# DATABASE_ROUTERS = ['django_tenants.routers.TenantSyncRouter']",
                        "TENANT_MODEL = 'tenants.Tenant'",
                        "DATABASE_ROUTERS = ('django_tenants.routers.TenantSyncRouter',)",
                        "DATABASE_ROUTERS_NOTE = 'schema_context'")
                .file(
                        "backend/apps/core/tasks.py",
                        "from django_tenants.utils import schema_context",
                        "from django.db import connection",
                        "from django.core.management import call_command",
                        "def run(t):",
                        "    with schema_context(t.schema_name):",
                        "        print(connection.schema_name)",
                        "    call_command('migrate_schemas', '--shared')",
                        "    call_command('migrate', '--tenant')",
                        "    msg = 'never run migrate --tenant'");
        assertThat(f.check(new TenancySchemaCodeRule()))
                .containsExactly(
                        "backend/apps/core/tasks.py:1: [tenancy-schema-code]",
                        "backend/apps/core/tasks.py:1: [tenancy-schema-code]",
                        "backend/apps/core/tasks.py:5: [tenancy-schema-code]",
                        "backend/apps/core/tasks.py:6: [tenancy-schema-code]",
                        "backend/apps/core/tasks.py:7: [tenancy-schema-code]",
                        "backend/apps/core/tasks.py:8: [tenancy-schema-code]",
                        "backend/projectmeats/settings/base.py:3: [tenancy-schema-code]",
                        "backend/projectmeats/settings/base.py:4: [tenancy-schema-code]");
    }

    @Test
    void sharedSchemaCodePasses() {
        Fixture f = new Fixture(dir)
                .file(
                        "backend/apps/customers/views.py",
                        "\"\"\"Shared schema: no schema_context(), no migrate_schemas.\"\"\"",
                        "from django.core.management import call_command",
                        "def migrate():",
                        "    call_command('migrate', '--fake-initial', '--noinput')  # not migrate --tenant");
        assertThat(f.check(new TenancySchemaCodeRule())).isEmpty();
    }

    @Test
    void schemaPackagesAreFoundInEveryDependencyFormat() {
        Fixture f = new Fixture(dir)
                .file(
                        "backend/requirements.txt",
                        "Django==5.1",
                        "-r requirements/extra.txt",
                        "# django-tenants was removed")
                .file("backend/requirements/extra.txt", "Django_Tenants==3.6.1  # the old way")
                .file("backend/requirements-dev.txt", "pytest", "tenant-schemas-celery>=2")
                .file(
                        "backend/pyproject.toml",
                        "[project]",
                        "name = \"pm\"",
                        "dependencies = [",
                        "  \"django>=5\",",
                        "  \"django.tenant.schemas\",",
                        "]",
                        "[tool.poetry.dependencies]",
                        "django-pgschemas = \"^1\"")
                .file("backend/setup.cfg", "[options]", "install_requires =", "    django", "    django-tenants");
        assertThat(f.check(new TenancyPackagesRule()))
                .containsExactlyInAnyOrder(
                        "backend/requirements/extra.txt:1: [tenancy-packages]",
                        "backend/requirements-dev.txt:2: [tenancy-packages]",
                        "backend/pyproject.toml:5: [tenancy-packages]",
                        "backend/pyproject.toml:8: [tenancy-packages]",
                        "backend/setup.cfg:4: [tenancy-packages]");
    }

    @Test
    void cleanDependenciesPass() {
        Fixture f = new Fixture(dir)
                .file("backend/requirements.txt", "Django==5.1", "djangorestframework", "# not django-tenants")
                .file(
                        "backend/pyproject.toml",
                        "[project]",
                        "description = \"no django-tenants here\"",
                        "dependencies = [\"django>=5\"]");
        assertThat(f.check(new TenancyPackagesRule())).isEmpty();
        assertThat(TenancyPackagesRule.normalize("Django__Tenants")).isEqualTo("django-tenants");
    }

    private Fixture models() {
        return new Fixture(dir)
                .file(
                        "backend/apps/tenants/models.py",
                        "from django.db import models",
                        "class Tenant(models.Model):",
                        "    slug = models.SlugField(unique=True)")
                .file(
                        "backend/apps/core/models.py",
                        "from django.db import models",
                        "class TenantScopedModel(models.Model):",
                        "    tenant = models.ForeignKey('tenants.Tenant', on_delete=models.CASCADE)",
                        "    class Meta:",
                        "        abstract = True");
    }

    @Test
    void modelsInTenantAppsNeedTheTenantForeignKey() {
        Fixture f = models().file(
                        "backend/apps/customers/models.py",
                        "from django.db import models",
                        "from apps.core.models import TenantScopedModel",
                        "class Customer(models.Model):",
                        "    tenant = models.ForeignKey('tenants.Tenant', on_delete=models.CASCADE)",
                        "class Supplier(TenantScopedModel):",
                        "    name = models.CharField(max_length=10)",
                        "class Note(models.Model):",
                        "    # tenant = models.ForeignKey(...) was forgotten",
                        "    text = models.TextField()",
                        "class Base(models.Model):",
                        "    class Meta:",
                        "        abstract = True");
        assertThat(f.check(new TenantModelRule(config)))
                .containsExactly("backend/apps/customers/models.py:7: [tenancy-model-fk]");
    }

    @Test
    void sharedAppsAreAllowListedAndTheTenantsAppAlwaysIs() {
        Fixture f = models().file(
                        "backend/apps/catalog/models.py",
                        "from django.db import models",
                        "class Protein(models.Model):",
                        "    name = models.CharField(max_length=50, unique=True)");
        assertThat(f.check(new TenantModelRule(config)))
                .containsExactly("backend/apps/catalog/models.py:2: [tenancy-model-fk]");
        VerifyConfig shared = config.with(b -> b.sharedApps = List.of("catalog"));
        assertThat(f.check(new TenantModelRule(shared))).isEmpty();
    }

    @Test
    void viewSetsOverTenantModelsMustFilterByRequestTenant() {
        Fixture f = models().file(
                        "backend/apps/customers/models.py",
                        "from django.db import models",
                        "class Customer(models.Model):",
                        "    tenant = models.ForeignKey('tenants.Tenant', on_delete=models.CASCADE)")
                .file(
                        "backend/apps/customers/views.py",
                        "from rest_framework import viewsets",
                        "from apps.core.views import TenantScopedViewSet",
                        "class Leaky(viewsets.ModelViewSet):",
                        "    queryset = Customer.objects.all()",
                        "class Filtered(viewsets.ModelViewSet):",
                        "    def get_queryset(self):",
                        "        return Customer.objects.filter(tenant=self.request.tenant)",
                        "class Scoped(TenantScopedViewSet):",
                        "    queryset = Customer.objects.all()",
                        "class Tenants(viewsets.ReadOnlyModelViewSet):",
                        "    queryset = Tenant.objects.all()",
                        "class Sneaky(viewsets.ModelViewSet):",
                        "    def get_queryset(self):",
                        "        # .filter(tenant=request.tenant)",
                        "        return Customer.objects.all()");
        assertThat(f.check(new TenantViewSetRule(config)))
                .containsExactly(
                        "backend/apps/customers/views.py:3: [tenancy-viewset]",
                        "backend/apps/customers/views.py:12: [tenancy-viewset]");
    }

    @Test
    void uniquenessOnTenantModelsIncludesTheTenant() {
        Fixture f = models().file(
                        "backend/apps/customers/models.py",
                        "from django.db import models",
                        "class Customer(models.Model):",
                        "    tenant = models.ForeignKey('tenants.Tenant', on_delete=models.CASCADE)",
                        "    code = models.CharField(max_length=10, unique=True)",
                        "    class Meta:",
                        "        unique_together = (('tenant', 'email'), ('name', 'phone'))",
                        "        constraints = [",
                        "            models.UniqueConstraint(fields=['tenant', 'code'], name='uniq_code'),",
                        "            models.UniqueConstraint(fields=['email'], name='uniq_email'),",
                        "        ]");
        assertThat(f.check(new TenantUniqueRule(config)))
                .containsExactly(
                        "backend/apps/customers/models.py:4: [tenancy-unique]",
                        "backend/apps/customers/models.py:6: [tenancy-unique]",
                        "backend/apps/customers/models.py:9: [tenancy-unique]");
    }

    @Test
    void perTenantUniquenessPasses() {
        Fixture f = models().file(
                        "backend/apps/customers/models.py",
                        "from django.db import models",
                        "class Customer(models.Model):",
                        "    tenant = models.ForeignKey('tenants.Tenant', on_delete=models.CASCADE)",
                        "    class Meta:",
                        "        unique_together = ('tenant', 'code')",
                        "        constraints = [models.UniqueConstraint(fields=['tenant', 'email'], name='u')]");
        assertThat(f.check(new TenantUniqueRule(config))).isEmpty();
    }
}
