"""Tenant isolation through the API, against a real PostgreSQL (scripts/test-backend.sh)."""
import base64

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.test import TestCase, override_settings
from rest_framework.test import APIClient

from apps.customers.models import Customer
from apps.tenants.models import Tenant, TenantDomain, TenantUser
from apps.tenants.tests.factories import two_tenants

URL = "/api/v1/customers/"


def detail(customer):
    return f"{URL}{customer.pk}/"


class TenantIsolationApiTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        two_tenants(cls)

    def client_for(self, token, **headers):
        client = APIClient(**headers)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        return client

    def setUp(self):
        self.alice_client = self.client_for(self.alice_token)

    def test_list_shows_only_the_current_tenant(self):
        response = self.alice_client.get(URL)
        self.assertEqual(response.status_code, 200)
        self.assertEqual({c["email"] for c in response.json()["results"]}, {"one@a.test", "two@a.test"})

    def test_another_tenants_row_is_404_for_detail_update_and_delete(self):
        self.assertEqual(self.alice_client.get(detail(self.b1)).status_code, 404)
        response = self.alice_client.patch(detail(self.b1), {"name": "stolen"}, format="json")
        self.assertEqual(response.status_code, 404)
        response = self.alice_client.put(detail(self.b1), {"name": "stolen", "email": "x@b.test"}, format="json")
        self.assertEqual(response.status_code, 404)
        self.assertEqual(self.alice_client.delete(detail(self.b1)).status_code, 404)
        self.b1.refresh_from_db()
        self.assertEqual(self.b1.name, "B One")

    def test_own_row_can_be_read_updated_and_deleted(self):
        self.assertEqual(self.alice_client.get(detail(self.a1)).json()["email"], "one@a.test")
        response = self.alice_client.patch(detail(self.a1), {"name": "Renamed"}, format="json")
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(self.alice_client.delete(detail(self.a2)).status_code, 204)
        self.assertFalse(Customer.objects.filter(pk=self.a2.pk).exists())

    def test_create_assigns_the_current_tenant_and_ignores_a_tenant_in_the_payload(self):
        response = self.alice_client.post(
            URL, {"name": "New", "email": "new@a.test", "tenant": str(self.tenant_b.pk)}, format="json"
        )
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(Customer.objects.get(pk=response.json()["id"]).tenant, self.tenant_a)

    def test_update_ignores_a_tenant_in_the_payload(self):
        response = self.alice_client.patch(detail(self.a1), {"name": "Moved?", "tenant": str(self.tenant_b.pk)}, format="json")
        self.assertEqual(response.status_code, 200, response.content)
        self.a1.refresh_from_db()
        self.assertEqual((self.a1.name, self.a1.tenant_id), ("Moved?", self.tenant_a.pk))

    def test_create_with_another_tenants_related_object_is_400(self):
        response = self.alice_client.post(
            URL, {"name": "Child", "email": "child@a.test", "parent": self.b1.pk}, format="json"
        )
        self.assertEqual(response.status_code, 400)
        # Same answer as for an id that exists nowhere: nothing about other tenants leaks.
        missing = self.alice_client.post(
            URL, {"name": "Child", "email": "child@a.test", "parent": 999999}, format="json"
        )
        self.assertEqual(response.json()["parent"][0].replace(str(self.b1.pk), "ID"),
                         missing.json()["parent"][0].replace("999999", "ID"))
        self.assertFalse(Customer.objects.filter(email="child@a.test").exists())

    def test_update_with_another_tenants_related_object_is_400(self):
        response = self.alice_client.patch(detail(self.a1), {"parent": self.b1.pk}, format="json")
        self.assertEqual(response.status_code, 400)
        self.a1.refresh_from_db()
        self.assertIsNone(self.a1.parent_id)

    def test_same_tenant_related_object_is_accepted(self):
        response = self.alice_client.post(
            URL, {"name": "Child", "email": "child@a.test", "parent": self.a1.pk}, format="json"
        )
        self.assertEqual(response.status_code, 201, response.content)

    def test_header_naming_a_tenant_the_user_is_not_a_member_of_is_403(self):
        client = self.client_for(self.alice_token, HTTP_X_TENANT_ID=str(self.tenant_b.pk))
        self.assertEqual(client.get(URL).status_code, 403)
        self.assertEqual(client.get(detail(self.b1)).status_code, 403)

    def test_header_naming_an_unknown_tenant_is_403(self):
        client = self.client_for(self.alice_token, HTTP_X_TENANT_ID="00000000-0000-0000-0000-000000000000")
        self.assertEqual(client.get(URL).status_code, 403)

    def test_header_that_is_not_a_uuid_is_400(self):
        client = self.client_for(self.alice_token, HTTP_X_TENANT_ID="beta")
        self.assertEqual(client.get(URL).status_code, 400)

    def test_header_selects_another_tenant_of_the_same_user(self):
        gamma = Tenant.objects.create(slug="gamma", name="Gamma")
        TenantUser.objects.create(tenant=gamma, user=self.alice)
        Customer.objects.create(tenant=gamma, name="G", email="g@gamma.test")
        client = self.client_for(self.alice_token, HTTP_X_TENANT_ID=str(gamma.pk))
        self.assertEqual([c["email"] for c in client.get(URL).json()["results"]], ["g@gamma.test"])

    @override_settings(ALLOWED_HOSTS=["crm.beta.test"])
    def test_exact_domain_selects_the_tenant(self):
        TenantDomain.objects.create(tenant=self.tenant_b, domain="crm.beta.test")
        client = self.client_for(self.bob_token, HTTP_HOST="crm.beta.test")
        self.assertEqual({c["email"] for c in client.get(URL).json()["results"]}, {"one@b.test", "shared@example.test"})
        # A member of another tenant gets no access through that tenant's domain.
        self.assertEqual(self.client_for(self.alice_token, HTTP_HOST="crm.beta.test").get(URL).status_code, 403)

    @override_settings(ALLOWED_HOSTS=[".saas.test"], TENANT_BASE_DOMAIN="saas.test")
    def test_subdomain_slug_selects_the_tenant(self):
        TenantUser.objects.create(tenant=self.tenant_b, user=self.alice)
        client = self.client_for(self.alice_token, HTTP_HOST="beta.saas.test")
        self.assertEqual({c["email"] for c in client.get(URL).json()["results"]}, {"one@b.test", "shared@example.test"})

    def test_no_tenant_at_all_is_403(self):
        TenantUser.objects.filter(user=self.alice).update(is_default=False)
        self.assertEqual(self.alice_client.get(URL).status_code, 403)

    def test_anonymous_requests_are_refused(self):
        self.assertIn(APIClient().get(URL).status_code, (401, 403))

    def test_session_and_basic_authentication_resolve_the_same_tenant(self):
        session = APIClient()
        session.force_login(self.bob)
        basic = APIClient()
        credentials = base64.b64encode(b"bob:bob-pw").decode()
        basic.credentials(HTTP_AUTHORIZATION=f"Basic {credentials}")
        for client in (session, basic):
            emails = {c["email"] for c in client.get(URL).json()["results"]}
            self.assertEqual(emails, {"one@b.test", "shared@example.test"})

    def test_token_from_the_login_endpoint_lists_the_users_tenant(self):
        response = APIClient().post("/api/v1/auth/token/", {"username": "bob", "password": "bob-pw"}, format="json")
        self.assertEqual(response.status_code, 200, response.content)
        emails = {c["email"] for c in self.client_for(response.json()["token"]).get(URL).json()["results"]}
        self.assertEqual(emails, {"one@b.test", "shared@example.test"})
        bad = APIClient().post("/api/v1/auth/token/", {"username": "bob", "password": "wrong"}, format="json")
        self.assertEqual(bad.status_code, 400)

    def test_email_is_unique_per_tenant_not_globally(self):
        # B already has shared@example.test; A may have it too ...
        response = self.alice_client.post(URL, {"name": "S", "email": "shared@example.test"}, format="json")
        self.assertEqual(response.status_code, 201, response.content)
        # ... but not twice.
        response = self.alice_client.post(URL, {"name": "S2", "email": "shared@example.test"}, format="json")
        self.assertEqual(response.status_code, 400)
        with self.assertRaises(IntegrityError), transaction.atomic():
            Customer.objects.create(tenant=self.tenant_a, name="dup", email="one@a.test")

    def test_health_needs_no_tenant_and_no_login(self):
        response = APIClient(HTTP_X_TENANT_ID="not-a-uuid").get("/api/v1/health/")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json(), {"status": "ok"})

    def test_requests_as_the_application_role_see_rows_through_set_local(self):
        """The API under RLS: the app role sees rows only because SET LOCAL took effect."""
        role = settings.DB_APP_USER
        self.assertTrue(role, "DB_APP_USER must name the application role (scripts/test-backend.sh sets it)")
        with connection.cursor() as cursor:
            cursor.execute("SET ROLE %s" % connection.ops.quote_name(role))
        try:
            response = self.alice_client.get(URL)
            own = self.client_for(self.alice_token, HTTP_X_TENANT_ID=str(self.tenant_a.pk)).get(URL)
            spoofed = self.client_for(self.alice_token, HTTP_X_TENANT_ID=str(self.tenant_b.pk)).get(URL)
            with connection.cursor() as cursor:
                cursor.execute("SELECT current_user")
                self.assertEqual(cursor.fetchone()[0], role)
        finally:
            with connection.cursor() as cursor:
                cursor.execute("RESET ROLE")
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual({c["email"] for c in response.json()["results"]}, {"one@a.test", "two@a.test"})
        self.assertEqual(own.status_code, 200, own.content)
        self.assertEqual({c["email"] for c in own.json()["results"]}, {"one@a.test", "two@a.test"})
        self.assertEqual(spoofed.status_code, 403)
