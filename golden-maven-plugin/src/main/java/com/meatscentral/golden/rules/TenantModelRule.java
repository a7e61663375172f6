package com.meatscentral.golden.rules;

import java.util.List;

/** Every concrete model in a tenant app carries the tenant ForeignKey (directly or via the scoped base). */
public final class TenantModelRule extends ConfiguredRule {

    public TenantModelRule(VerifyConfig config) {
        super(
                new RuleText(
                        "tenancy-model-fk",
                        "rows of a business model without a tenant ForeignKey are visible to every tenant",
                        "add `tenant = models.ForeignKey('tenants.Tenant', on_delete=models.CASCADE)` or derive from "
                                + String.join("/", config.tenantModelBases())
                                + "; shared apps are listed in golden.verify.sharedApps"),
                config);
    }

    @Override
    public List<Violation> check(ProjectTree tree) {
        return DjangoCode.of(tree, config).tenantAppModels.stream()
                .filter(m -> !m.tenantScoped() && !m.abstractModel())
                .map(m -> violation(
                        m.cls().path(),
                        m.cls().line(),
                        "model " + m.cls().name() + " in tenant app '"
                                + DjangoApps.of(tree, config)
                                        .appOf(m.cls().path())
                                        .map(DjangoApps.App::label)
                                        .orElse("?")
                                + "' has no tenant ForeignKey, neither itself nor in a base class"))
                .toList();
    }
}
