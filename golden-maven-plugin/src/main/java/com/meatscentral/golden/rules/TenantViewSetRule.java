package com.meatscentral.golden.rules;

import com.meatscentral.golden.rules.PythonTokens.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A ModelViewSet over a tenant model derives from the scoped base or filters get_queryset by request.tenant. */
public final class TenantViewSetRule extends ConfiguredRule {

    public TenantViewSetRule(VerifyConfig config) {
        super(
                new RuleText(
                        "tenancy-viewset",
                        "a viewset that does not filter by request.tenant serves every tenant's rows",
                        "derive from " + String.join("/", config.scopedViewSetBases())
                                + " or return Model.objects.filter(tenant=self.request.tenant) from get_queryset"),
                config);
    }

    @Override
    public List<Violation> check(ProjectTree tree) {
        DjangoCode code = DjangoCode.of(tree, config);
        List<Violation> out = new ArrayList<>();
        for (PyClass c : code.viewSets) {
            if (config.scopedViewSetBases().contains(c.name()) || c.derivesFrom(config.scopedViewSetBases())) {
                continue;
            }
            Optional<String> model = modelOf(c);
            if (model.isEmpty() || !code.tenantModelsByName.containsKey(model.get())) {
                continue;
            }
            boolean filters = c.method("get_queryset")
                    .map(TenantViewSetRule::filtersByRequestTenant)
                    .orElse(false);
            if (!filters) {
                out.add(violation(
                        c.path(),
                        c.line(),
                        "viewset " + c.name() + " over tenant model " + model.get()
                                + " does not filter get_queryset by request.tenant"));
            }
        }
        return out;
    }

    /** The model the viewset serves: the first {@code X.objects} in its body. */
    private static Optional<String> modelOf(PyClass c) {
        for (List<Token> l : c.body()) {
            for (int k = 0; k + 2 < l.size(); k++) {
                if (l.get(k + 1).is(".") && l.get(k + 2).text().equals("objects")) {
                    return Optional.of(l.get(k).text());
                }
            }
        }
        return Optional.empty();
    }

    private static boolean filtersByRequestTenant(List<List<Token>> method) {
        boolean filter = false;
        boolean requestTenant = false;
        for (List<Token> l : method) {
            for (int k = 0; k < l.size(); k++) {
                filter |= l.get(k).is("filter");
                if (k + 2 < l.size()
                        && l.get(k).text().equals("request")
                        && l.get(k + 1).is(".")
                        && l.get(k + 2).text().equals("tenant")) {
                    requestTenant = true;
                }
            }
        }
        return filter && requestTenant;
    }
}
