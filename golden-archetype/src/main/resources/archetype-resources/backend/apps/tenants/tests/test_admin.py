"""The Django admin as tenant staff and as a platform superuser, as the application role."""
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.test import TestCase, override_settings

from apps.tenants.admin import TenantScopedAdmin
from apps.tenants.models import TenantDomain, TenantScopedModel, TenantUser

from .factories import AsApplicationRole, as_owner, two_tenants

PERMISSIONS = ["view_user", "change_user", "view_token", "view_tokenproxy", "view_customer", "change_customer",
               "view_tenantuser"]


class TenantStaffAdminTests(AsApplicationRole, TestCase):
    @classmethod
    def setUpTestData(cls):
        two_tenants(cls)
        # Alice (A) is staff with view permission on users and tokens: what the attack used.
        cls.alice.is_staff = True
        cls.alice.save()
        cls.alice.user_permissions.add(*Permission.objects.filter(codename__in=PERMISSIONS))

    def setUp(self):
        super().setUp()
        self.client.force_login(self.alice)

    def test_staff_of_a_tenant_list_only_their_tenants_customers(self):
        page = self.client.get("/admin/customers/customer/")
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, "A One")
        self.assertContains(page, "A Two")
        self.assertNotContains(page, "B One")
        self.assertNotContains(page, "B Two")
        self.assertEqual(self.client.get(f"/admin/customers/customer/{self.b1.pk}/change/").status_code, 302)

    def test_users_are_listed_per_membership_and_read_only(self):
        page = self.client.get("/admin/auth/user/")
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, ">alice<")
        self.assertNotContains(page, ">bob<")
        self.assertEqual(self.client.get(f"/admin/auth/user/{self.bob.pk}/change/").status_code, 302)
        own = self.client.post(f"/admin/auth/user/{self.alice.pk}/change/", {"username": "alice", "is_superuser": "on"})
        self.assertEqual(own.status_code, 403)
        with as_owner():
            self.alice.refresh_from_db()
        self.assertFalse(self.alice.is_superuser)

    def test_api_tokens_are_never_displayed(self):
        for url in ("/admin/authtoken/tokenproxy/", "/admin/authtoken/token/"):
            self.assertEqual(self.client.get(url).status_code, 404, url)
        for url in ("/admin/", "/admin/auth/user/", f"/admin/auth/user/{self.alice.pk}/change/"):
            page = self.client.get(url).content.decode()
            self.assertNotIn(self.alice_token, page, url)
            self.assertNotIn(self.bob_token, page, url)

    def test_memberships_of_other_tenants_are_not_listed(self):
        page = self.client.get("/admin/tenants/tenantuser/")
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, "alice")
        self.assertNotContains(page, "bob")

    def test_tenants_domains_and_groups_are_for_the_platform_superuser_only(self):
        for url in ("/admin/tenants/tenant/", "/admin/tenants/tenantdomain/", "/admin/auth/group/"):
            self.assertEqual(self.client.get(url).status_code, 403, url)

    def test_a_staff_user_without_a_tenant_sees_no_tenant_data(self):
        with as_owner():
            TenantUser.objects.filter(user=self.alice).update(is_default=False)
        self.assertEqual(self.client.get("/admin/").status_code, 200)
        self.assertEqual(self.client.get("/admin/customers/customer/").status_code, 403)


@override_settings(ALLOWED_HOSTS=["beta.crm.test", "testserver"])
class PlatformSuperuserAdminTests(AsApplicationRole, TestCase):
    """The only cross-tenant role: it opens the admin on any tenant's domain."""

    @classmethod
    def setUpTestData(cls):
        two_tenants(cls)
        from django.contrib.auth import get_user_model

        cls.root = get_user_model().objects.create_superuser("root", password="root-pw")
        TenantDomain.objects.create(tenant=cls.tenant_b, domain="beta.crm.test")

    def test_a_superuser_without_membership_sees_the_tenant_of_the_domain(self):
        self.client.force_login(self.root)
        page = self.client.get("/admin/customers/customer/", HTTP_HOST="beta.crm.test")
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, "B One")
        self.assertNotContains(page, "A One")
        self.assertEqual(self.client.get("/admin/tenants/tenant/").status_code, 200)


class AdminStructureTests(TestCase):
    def test_every_admin_over_a_tenant_model_derives_from_the_tenant_scoped_base(self):
        offenders = [
            model._meta.label
            for model, model_admin in admin.site._registry.items()
            if issubclass(model, TenantScopedModel) and not isinstance(model_admin, TenantScopedAdmin)
        ]
        self.assertEqual(offenders, [])
        self.assertTrue(any(issubclass(m, TenantScopedModel) for m in admin.site._registry))
