package com.meatscentral.golden.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.meatscentral.golden.Console;
import com.meatscentral.golden.GoldenException;
import com.meatscentral.golden.ci.GitHubActions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rules on a layout like the reference repository's: apps in several roots, abstract bases in core. */
class RealLayoutRulesTest {

    @TempDir
    Path dir;

    private final VerifyConfig config = VerifyConfig.defaults();

    /** backend/apps/{core,tenants}, backend/tenant_apps/*: 17 of the reference's 22 tenant models inherit from core. */
    private Fixture referenceLayout() {
        return new Fixture(dir)
                .file(
                        "backend/apps/tenants/models.py",
                        "from django.db import models",
                        "class Tenant(models.Model):",
                        "    slug = models.SlugField(unique=True)")
                .file(
                        "backend/apps/core/models.py",
                        "from django.db import models",
                        "class TimestampModel(models.Model):",
                        "    created_on = models.DateTimeField(auto_now_add=True)",
                        "    class Meta:",
                        "        abstract = True",
                        "class TenantOwned(TimestampModel):",
                        "    tenant = models.ForeignKey('tenants.Tenant', on_delete=models.CASCADE)",
                        "    class Meta:",
                        "        abstract = True",
                        "class CodedModel(TenantOwned):",
                        "    code = models.CharField(max_length=20, unique=True)",
                        "    class Meta:",
                        "        abstract = True")
                .file("backend/tenant_apps/suppliers/apps.py", "from django.apps import AppConfig")
                .file(
                        "backend/tenant_apps/suppliers/models.py",
                        "from django.db import models",
                        "from apps.core.models import TenantOwned, TimestampModel",
                        "class Supplier(TenantOwned):",
                        "    name = models.CharField(max_length=100)",
                        "class SupplierNote(TimestampModel):",
                        "    text = models.TextField()")
                .file("backend/tenant_apps/products/models/__init__.py", "from .product import Product")
                .file(
                        "backend/tenant_apps/products/models/product.py",
                        "from django.db import models",
                        "from ...apps.core import models as core",
                        "class Product(core.CodedModel):",
                        "    name = models.CharField(max_length=100)");
    }

    @Test
    void appsAreFoundWhereverTheyAreAndBasesAreResolvedAcrossModules() {
        Fixture f = referenceLayout();
        // Old behaviour: only backend/apps was looked at, so SupplierNote (no tenant anywhere in its bases) was never
        // seen.
        assertThat(f.check(new TenantModelRule(config)))
                .containsExactly("backend/tenant_apps/suppliers/models.py:5: [tenancy-model-fk]");
        assertThat(DjangoApps.of(f.tree(), config).labels())
                .containsExactly("core", "products", "suppliers", "tenants");
    }

    @Test
    void uniquenessIsCheckedOnInheritedFields() {
        assertThat(referenceLayout().check(new TenantUniqueRule(config)))
                .containsExactly("backend/apps/core/models.py:11: [tenancy-unique]");
        List<Violation> found =
                new TenantUniqueRule(config).check(referenceLayout().tree());
        assertThat(found.get(0).message())
                .isEqualTo(
                        "CodedModel.code is unique=True across all tenants" + " (inherited by tenant model Product)");
    }

    @Test
    void appsRootsLimitTheSearchAndAMissingRootOrUnknownAppIsOneClearError() {
        Fixture f = referenceLayout();
        VerifyConfig onlyTenantApps = config.with(b -> b.appsRoots = List.of("backend/tenant_apps"));
        assertThat(DjangoApps.of(f.tree(), onlyTenantApps).labels()).containsExactly("products", "suppliers");
        VerifyConfig wrong = config.with(b -> {
            b.appsRoots = List.of("backend/tenant_apps", "backend/shared_apps");
            b.tenantApps = List.of("billing");
            b.sharedApps = List.of("core", "catalogue");
        });
        assertThatThrownBy(() -> DjangoApps.validate(f.tree(), wrong))
                .isInstanceOf(GoldenException.class)
                .hasMessageContaining("golden.verify.appsRoots lists 'backend/shared_apps', which is not a directory")
                .hasMessageContaining("golden.verify.sharedApps names 'catalogue', which is not an app of the tree")
                .hasMessageContaining("golden.verify.tenantApps names 'billing', which is not an app of the tree")
                .satisfies(e -> assertThat(((GoldenException) e).hint().orElseThrow())
                        .contains("apps found: products, suppliers"));
    }

    @Test
    void anEmptyListedRootIsFine() throws Exception {
        Fixture f = referenceLayout();
        Files.createDirectories(dir.resolve("backend/shared_apps"));
        VerifyConfig roots = config.with(b -> {
            b.appsRoots = List.of("backend/apps", "backend/tenant_apps", "backend/shared_apps");
            b.sharedApps = List.of("core");
        });
        DjangoApps.validate(f.tree(), roots);
        assertThat(f.check(new TenantModelRule(roots)))
                .containsExactly("backend/tenant_apps/suppliers/models.py:5: [tenancy-model-fk]");
    }

    @Test
    void schemaCommandsAreFoundInScriptsMakefilesDockerfilesWorkflowsAndDevcontainers() {
        Fixture f = new Fixture(dir)
                .file(
                        "backend/scripts/deploy.sh",
                        "#!/bin/sh",
                        "# never: python manage.py migrate_schemas",
                        "python manage.py migrate_schemas --shared")
                .file("Makefile", "migrate:", "\tpython manage.py migrate --tenant acme")
                .file("backend/Dockerfile", "FROM python:3.12", "RUN python manage.py tenant_command loaddata x")
                .file(
                        ".github/workflows/deploy.yml",
                        "jobs:",
                        "  m:",
                        "    steps:",
                        "      - run: python manage.py migrate_schemas  # schema per tenant")
                .file(".devcontainer/setup.sh", "python manage.py migrate --noinput")
                .file(
                        ".devcontainer/devcontainer.json",
                        "{",
                        "  // migrate_schemas was removed",
                        "  \"postCreateCommand\": \"python manage.py migrate_schemas\"",
                        "}")
                .file("docs/OLD.md", "We used to run migrate_schemas.");
        assertThat(f.check(new TenancySchemaCodeRule()))
                .containsExactlyInAnyOrder(
                        "backend/scripts/deploy.sh:3: [tenancy-schema-code]",
                        "Makefile:2: [tenancy-schema-code]",
                        "backend/Dockerfile:2: [tenancy-schema-code]",
                        ".github/workflows/deploy.yml:4: [tenancy-schema-code]",
                        ".devcontainer/devcontainer.json:3: [tenancy-schema-code]");
    }

    /** #16: a ForeignKey between tenant models without (tenant_id, x_id) -> (tenant_id, id) at the database. */
    @Test
    void aForeignKeyBetweenTenantModelsNeedsTheCompositeTenantKey() {
        Fixture f = referenceLayout()
                .file(
                        "backend/tenant_apps/suppliers/models.py",
                        "from django.db import models",
                        "from apps.core.models import TenantOwned",
                        "from tenant_apps.products.models import Product",
                        "class Supplier(TenantOwned):",
                        "    parent = models.ForeignKey('self', null=True, on_delete=models.SET_NULL)",
                        "    product = models.ForeignKey(Product, on_delete=models.CASCADE)",
                        "    main_contact = models.OneToOneField(to='suppliers.Contact', on_delete=models.CASCADE)",
                        "    tenant_ref = models.ForeignKey('tenants.Tenant', on_delete=models.CASCADE)",
                        "    owner = models.ForeignKey('auth.User', on_delete=models.CASCADE)",
                        "class Contact(TenantOwned):",
                        "    supplier = models.ForeignKey(Supplier, db_column='supplier_ref', on_delete=models.CASCADE)")
                .file(
                        "backend/tenant_apps/suppliers/migrations/0002_tenant_keys.py",
                        "from apps.tenants.constraints import tenant_foreign_key",
                        "operations = [",
                        "    tenant_foreign_key(\"suppliers_supplier\", \"parent_id\", \"suppliers_supplier\"),",
                        "    migrations.RunSQL('ALTER TABLE \"suppliers_contact\" ADD CONSTRAINT \"c_fk\" '",
                        "        'FOREIGN KEY (\"tenant_id\", \"supplier_ref\") REFERENCES \"suppliers_supplier\" (\"tenant_id\", \"id\")'),",
                        "]");
        assertThat(f.check(new TenantForeignKeyRule(config)))
                .containsExactly(
                        "backend/tenant_apps/suppliers/models.py:6: [tenancy-fk-tenant]",
                        "backend/tenant_apps/suppliers/models.py:7: [tenancy-fk-tenant]");
        assertThat(new TenantForeignKeyRule(config).check(f.tree()).get(0).message())
                .isEqualTo(
                        "Supplier.product references tenant model Product by id only: no (tenant_id, product_id) -> (tenant_id, id)"
                                + " key on suppliers_supplier in any migration");
    }

    @Test
    void whenTheManifestDoesNotLoadEveryRuleThatNeedsItSaysSo() throws Exception {
        Fixture f = new Fixture(dir)
                .file("config/env.manifest.json", "{\"project\": \"x\", \"version\": \"5.1\"}")
                .file("config/environments/dev.env", "SUPERUSER_PASSWORD=DevAdmin123!SecurePass");
        Verifier v = new Verifier(Console.SILENT, new GitHubActions(Map.of(), s -> {}));
        List<String> found = v.check(dir, config, List.of(), List.of()).violations().stream()
                .filter(x -> x.path().equals("config/env.manifest.json"))
                .map(Violation::rule)
                .toList();
        // Before: hardcoded-secret, prod-latest and workflow-drift each passed on a manifest they could not read.
        assertThat(found).containsExactly("manifest", "prod-latest", "hardcoded-secret", "workflow-drift");
    }

    @Test
    void workflowsThatCannotBeGeneratedAreAViolationNotAPass() throws Exception {
        // The reference manifest without any "branch": nothing says which branch deploys what.
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.JsonNode manifest = json.readTree(Fixture.REFERENCE_MANIFEST.toFile());
        manifest.path("environments")
                .forEach(e -> ((com.fasterxml.jackson.databind.node.ObjectNode) e).remove("branch"));
        new Fixture(dir)
                .file(
                        "config/env.manifest.json",
                        json.writerWithDefaultPrettyPrinter().writeValueAsString(manifest));
        Verifier v = new Verifier(Console.SILENT, new GitHubActions(Map.of(), s -> {}));
        List<Violation> drift =
                v.check(dir, config, List.of("workflow-drift"), List.of()).violations();
        assertThat(drift).singleElement().satisfies(x -> {
            assertThat(x.message())
                    .startsWith("not checked: the workflows cannot be generated: Cannot tell which branch");
            assertThat(x.fix()).contains("golden.workflows.branches");
        });
    }
}
