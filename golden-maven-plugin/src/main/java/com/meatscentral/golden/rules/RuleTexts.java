package com.meatscentral.golden.rules;

/**
 * The id, reason and fix of every rule whose words do not depend on its configuration, in one
 * table, in report order: what {@code -Dgolden.verify.rules} and {@code golden:allow} name, and
 * what a violation says why and how to fix. (health-checks, tenancy-model-fk and tenancy-viewset
 * name configured values and make their text in their constructor.)
 */
final class RuleTexts {

    private RuleTexts() {}

    static final RuleText MANIFEST = new RuleText(
            "manifest",
            "every secret name and environment comes from config/env.manifest.json (v3.3+ or v5.x)",
            "create or repair the manifest (the archetype ships the reference one); `mvn golden:audit` shows how it resolves");

    static final RuleText DOCS = new RuleText(
            "docs",
            "the golden reference and the secrets guide are what people read before changing the pipeline",
            "add the document (the archetype ships both; the secrets tables come from the manifest)");

    static final RuleText TENANCY_PACKAGES = new RuleText(
            "tenancy-packages",
            "schema-per-tenant libraries contradict the shared-schema tenancy",
            "remove the package; tenancy is a tenant ForeignKey filtered by request.tenant");

    static final RuleText TENANCY_SCHEMA_CODE = new RuleText(
            "tenancy-schema-code",
            "tenancy is a shared schema with a tenant ForeignKey: no schema switching, schema routing or schema migrations",
            "filter by tenant=request.tenant on the shared schema and run plain `manage.py migrate`");

    static final RuleText TENANCY_UNIQUE = new RuleText(
            "tenancy-unique",
            "a uniqueness rule without the tenant lets one tenant's data block another's",
            "use models.UniqueConstraint(fields=['tenant', ...], name=...) instead");

    static final RuleText TENANCY_FK_TENANT = new RuleText(
            "tenancy-fk-tenant",
            "a foreign key between tenant tables on id alone lets a row point at another tenant's row "
                    + "(PostgreSQL checks it as the owner, past row-level security)",
            "add the composite key in a migration: (tenant_id, <field>_id) -> (tenant_id, id), e.g. "
                    + "tenant_foreign_key(\"<table>\", \"<field>_id\", \"<target table>\") with "
                    + "UniqueConstraint(fields=[\"tenant\", \"id\"]) on the target");

    static final RuleText MIGRATE_AT_STARTUP = new RuleText(
            "migrate-at-startup",
            "migrations run once, before deployment, through the bastion tunnel; never when a web container starts",
            "remove migrate from the start-up command; golden:migrate (or golden:deploy) runs it before the deploy");

    static final RuleText WORKFLOW_MIGRATE = new RuleText(
            "workflow-migrate",
            "migrations run from the runner through the bastion tunnel (5433, --network host, --fake-initial --noinput)",
            "run `./mvnw golden:migrate -Denv=<env>` (or regenerate the workflows with `mvn golden:workflows`)");

    static final RuleText PROD_LATEST = new RuleText(
            "prod-latest",
            "production runs immutable SHA-tagged images; a latest tag changes under you",
            "deploy the {env}-{sha} tag (golden:deploy does); latest tags are pushed, never deployed");

    static final RuleText ENV_FILE_VALUES = new RuleText(
            "env-file-values",
            "values belong in CI secrets named by config/env.manifest.json, never in committed .env files",
            "delete the values (keep `NAME=` lines at most) and set them as the manifest's CI secrets");

    static final RuleText HARDCODED_SECRET = new RuleText(
            "hardcoded-secret",
            "a secret in the repository is a leaked secret; values come from CI secrets named by the manifest",
            "read it from the environment (its CI secret) and rotate the leaked value; a name that is not a secret "
                    + "gets \"sensitive\": false in the manifest, a deliberate exception `golden:allow hardcoded-secret <reason>`");

    static final RuleText WORKFLOW_DRIFT = new RuleText(
            "workflow-drift",
            "the workflows are generated from the manifest; a hand edit drifts from the secret names and the rules",
            "run `mvn golden:workflows` and commit the result (change the manifest or the plugin, not the YAML)");

    static final RuleText PARENT_BINDINGS = new RuleText(
            "parent-bindings",
            "a service that unbinds golden goals ships without the checks golden-parent enforces",
            "remove the <phase>none</phase> override; skip a goal for one run with -Dgolden.<goal>.skip=true instead");
}
