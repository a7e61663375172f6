"""Tenant isolation through the API, against a real PostgreSQL (scripts/test-backend.sh),
as the application role that row-level security binds (AsApplicationRole)."""
import base64
import threading
from unittest import mock

from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection, connections, transaction
from django.test import TestCase, TransactionTestCase, override_settings
from rest_framework.test import APIClient

from apps.customers.models import DUPLICATE_EMAIL, Customer
from apps.customers.serializers import CustomerSerializer
from apps.tenants.models import Tenant, TenantDomain, TenantUser
from apps.tenants.tests.factories import AsApplicationRole, application_role, as_owner, in_tenant, member, two_tenants

URL = "/api/v1/customers/"


def detail(customer):
    return f"{URL}{customer.pk}/"


def client_for(token, **headers):
    client = APIClient(**headers)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


class TenantIsolationApiTests(AsApplicationRole, TestCase):
    @classmethod
    def setUpTestData(cls):
        two_tenants(cls)

    def client_for(self, token, **headers):
        return client_for(token, **headers)

    def setUp(self):
        super().setUp()
        self.alice_client = self.client_for(self.alice_token)

    def test_the_suite_runs_as_the_application_role(self):
        self.assertEqual(self.alice_client.get(URL).status_code, 200)
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_user, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user")
            self.assertEqual(cursor.fetchone(), (application_role(), False, False))

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
        with as_owner():
            self.b1.refresh_from_db()
        self.assertEqual(self.b1.name, "B One")

    def test_own_row_can_be_read_updated_and_deleted(self):
        self.assertEqual(self.alice_client.get(detail(self.a1)).json()["email"], "one@a.test")
        response = self.alice_client.patch(detail(self.a1), {"name": "Renamed"}, format="json")
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(self.alice_client.delete(detail(self.a2)).status_code, 204)
        with as_owner():
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
        with as_owner():
            self.assertFalse(Customer.objects.filter(email="child@a.test").exists())

    def test_update_with_another_tenants_related_object_is_400(self):
        response = self.alice_client.patch(detail(self.a1), {"parent": self.b1.pk}, format="json")
        self.assertEqual(response.status_code, 400)
        with as_owner():
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
        with as_owner():
            gamma = Tenant.objects.create(slug="gamma", name="Gamma")
            TenantUser.objects.create(tenant=gamma, user=self.alice)
            Customer.objects.create(tenant=gamma, name="G", email="g@gamma.test")
        client = self.client_for(self.alice_token, HTTP_X_TENANT_ID=str(gamma.pk))
        self.assertEqual([c["email"] for c in client.get(URL).json()["results"]], ["g@gamma.test"])

    @override_settings(ALLOWED_HOSTS=["crm.beta.test"])
    def test_exact_domain_selects_the_tenant(self):
        with as_owner():
            TenantDomain.objects.create(tenant=self.tenant_b, domain="crm.beta.test")
        client = self.client_for(self.bob_token, HTTP_HOST="crm.beta.test")
        self.assertEqual({c["email"] for c in client.get(URL).json()["results"]}, {"one@b.test", "shared@example.test"})
        # A member of another tenant gets no access through that tenant's domain.
        self.assertEqual(self.client_for(self.alice_token, HTTP_HOST="crm.beta.test").get(URL).status_code, 403)

    @override_settings(ALLOWED_HOSTS=[".saas.test"], TENANT_BASE_DOMAIN="saas.test")
    def test_subdomain_slug_selects_the_tenant(self):
        with as_owner():
            TenantUser.objects.create(tenant=self.tenant_b, user=self.alice)
        client = self.client_for(self.alice_token, HTTP_HOST="beta.saas.test")
        self.assertEqual({c["email"] for c in client.get(URL).json()["results"]}, {"one@b.test", "shared@example.test"})

    def test_no_tenant_at_all_is_403(self):
        with as_owner():
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

    def test_email_is_unique_per_tenant_not_globally_and_regardless_of_case(self):
        # B already has shared@example.test; A may have it too ...
        response = self.alice_client.post(URL, {"name": "S", "email": "shared@example.test"}, format="json")
        self.assertEqual(response.status_code, 201, response.content)
        # ... but not twice, in any case.
        response = self.alice_client.post(URL, {"name": "S2", "email": "Shared@Example.TEST"}, format="json")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json(), {"email": [DUPLICATE_EMAIL]})

    def test_health_needs_no_tenant_and_no_login(self):
        response = APIClient(HTTP_X_TENANT_ID="not-a-uuid").get("/api/v1/health/")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json(), {"status": "ok"})

    def test_requests_see_rows_only_through_set_local(self):
        """The API under RLS: the app role sees rows only because SET LOCAL took effect."""
        own = self.client_for(self.alice_token, HTTP_X_TENANT_ID=str(self.tenant_a.pk)).get(URL)
        spoofed = self.client_for(self.alice_token, HTTP_X_TENANT_ID=str(self.tenant_b.pk)).get(URL)
        self.assertEqual(own.status_code, 200, own.content)
        self.assertEqual({c["email"] for c in own.json()["results"]}, {"one@a.test", "two@a.test"})
        self.assertEqual(spoofed.status_code, 403)
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('app.current_tenant_id', '', true)")
            cursor.execute("SELECT count(*) FROM customers_customer")
            self.assertEqual(cursor.fetchone()[0], 0, "without a tenant the application role sees no row")


class OwnerRoleBypassTests(TestCase):
    """Why the application role exists: the owner of the tables (the role that runs the
    migrations) is not bound by row-level security, so a query that forgets the tenant sees
    every tenant's rows. The running service therefore never connects as the owner."""

    @classmethod
    def setUpTestData(cls):
        two_tenants(cls)

    def test_the_owner_sees_every_tenants_rows_without_a_tenant_set(self):
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM customers_customer")
            self.assertEqual(cursor.fetchone()[0], 4)
            cursor.execute("SET ROLE %s" % connection.ops.quote_name(application_role()))
            try:
                cursor.execute("SELECT count(*) FROM customers_customer")
                self.assertEqual(cursor.fetchone()[0], 0)
            finally:
                cursor.execute("RESET ROLE")


class RoleTests(AsApplicationRole, TestCase):
    """viewer reads; member writes; admin and owner manage memberships; only owners touch owners."""

    @classmethod
    def setUpTestData(cls):
        two_tenants(cls)  # alice is admin of A
        cls.vera, cls.vera_token = member(cls.tenant_a, "vera", TenantUser.Role.VIEWER)
        cls.mike, cls.mike_token = member(cls.tenant_a, "mike", TenantUser.Role.MEMBER)
        cls.olga, cls.olga_token = member(cls.tenant_a, "olga", TenantUser.Role.OWNER)
        cls.carol = get_user_model().objects.create_user("carol")

    def test_a_viewer_reads_but_cannot_create_update_or_delete(self):
        viewer = client_for(self.vera_token)
        self.assertEqual(viewer.get(URL).status_code, 200)
        self.assertEqual(viewer.get(detail(self.a1)).status_code, 200)
        self.assertEqual(viewer.post(URL, {"name": "V", "email": "v@a.test"}, format="json").status_code, 403)
        self.assertEqual(viewer.patch(detail(self.a1), {"name": "V"}, format="json").status_code, 403)
        self.assertEqual(viewer.delete(detail(self.a2)).status_code, 403)
        with as_owner():
            self.assertEqual(Customer.objects.filter(tenant=self.tenant_a).count(), 2)
            self.a1.refresh_from_db()
        self.assertEqual(self.a1.name, "A One")

    def test_a_member_writes_customers_but_cannot_manage_memberships(self):
        client = client_for(self.mike_token)
        self.assertEqual(client.post(URL, {"name": "M", "email": "m@a.test"}, format="json").status_code, 201)
        self.assertEqual(client.delete(detail(self.a2)).status_code, 204)
        self.assertEqual(client.get("/api/v1/memberships/").status_code, 200)
        response = client.post("/api/v1/memberships/", {"user": "bob", "role": "member"}, format="json")
        self.assertEqual(response.status_code, 403)

    def test_an_admin_manages_memberships_but_not_owners(self):
        client = client_for(self.alice_token)
        response = client.post("/api/v1/memberships/", {"user": "bob", "role": "viewer"}, format="json")
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(TenantUser.objects.get(tenant=self.tenant_a, user=self.bob).role, "viewer")
        vera = TenantUser.objects.get(tenant=self.tenant_a, user=self.vera)
        self.assertEqual(client.patch(f"/api/v1/memberships/{vera.pk}/", {"role": "member"}, format="json").status_code, 200)
        self.assertEqual(client.post("/api/v1/memberships/", {"user": "carol", "role": "owner"}, format="json").status_code, 403)
        olga = TenantUser.objects.get(tenant=self.tenant_a, user=self.olga)
        self.assertEqual(client.delete(f"/api/v1/memberships/{olga.pk}/").status_code, 403)
        self.assertEqual(client.patch(f"/api/v1/memberships/{vera.pk}/", {"role": "owner"}, format="json").status_code, 403)
        # A duplicate membership is a 400 with the field's message, not a 500.
        duplicate = client.post("/api/v1/memberships/", {"user": "vera", "role": "viewer"}, format="json")
        self.assertEqual(duplicate.status_code, 400, duplicate.content)
        self.assertIn("user", duplicate.json())

    def test_an_owner_grants_the_owner_role(self):
        client = client_for(self.olga_token)
        with as_owner():
            vera = TenantUser.objects.get(tenant=self.tenant_a, user=self.vera)
        self.assertEqual(client.patch(f"/api/v1/memberships/{vera.pk}/", {"role": "owner"}, format="json").status_code, 200)

    def test_memberships_of_another_tenant_are_not_listed(self):
        users = {m["user"] for m in client_for(self.vera_token).get("/api/v1/memberships/").json()["results"]}
        self.assertEqual(users, {"alice", "vera", "mike", "olga"})

    def test_me_lists_the_users_tenants_and_roles_for_the_switcher(self):
        with as_owner():
            TenantUser.objects.create(tenant=self.tenant_b, user=self.vera, role="member")
        body = client_for(self.vera_token).get("/api/v1/me/").json()
        self.assertEqual(body["username"], "vera")
        self.assertEqual({(t["slug"], t["role"]) for t in body["tenants"]}, {("alpha", "viewer"), ("beta", "member")})


class DuplicateRaceTests(AsApplicationRole, TestCase):
    """The serializer's email check reads, then the view inserts: a concurrent insert in
    between must meet the constraint as a 400, never a 500."""

    @classmethod
    def setUpTestData(cls):
        two_tenants(cls)

    def test_a_duplicate_that_passes_the_check_is_a_400_with_the_fields_message(self):
        # As if the other request committed between this one's check and its insert.
        with mock.patch.object(CustomerSerializer, "validate_email", lambda self, value: value):
            response = client_for(self.alice_token).post(URL, {"name": "Dup", "email": "ONE@a.test"}, format="json")
        self.assertEqual(response.status_code, 400, response.content)
        self.assertEqual(response.json(), {"email": [DUPLICATE_EMAIL]})
        with as_owner():
            self.assertEqual(Customer.objects.filter(tenant=self.tenant_a).count(), 2)

    def test_case_variants_of_one_email_cannot_both_be_stored_below_the_api(self):
        in_tenant(self.tenant_a)
        with self.assertRaises(IntegrityError), transaction.atomic():
            Customer.objects.create(tenant=self.tenant_a, name="dup", email="One@A.test")


class ConcurrentDuplicateTests(TransactionTestCase):
    """8 concurrent POSTs of one email, each on its own connection as the application role."""

    def setUp(self):
        two_tenants(self)

    def test_eight_concurrent_posts_of_one_email_give_one_201_and_seven_400s(self):
        barrier = threading.Barrier(8, timeout=60)
        statuses = []

        def post(n):
            try:
                with connection.cursor() as cursor:
                    cursor.execute("SET ROLE %s" % connection.ops.quote_name(application_role()))
                barrier.wait()
                email = "Race@A.test" if n % 2 else "race@a.test"  # one address, two spellings
                client = client_for(self.alice_token)
                client.raise_request_exception = False  # a 500 is counted, not raised in the thread
                response = client.post(URL, {"name": f"R{n}", "email": email}, format="json")
                statuses.append(response.status_code)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=post, args=(n,)) for n in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        self.assertFalse(any(t.is_alive() for t in threads), "a request did not finish in 120 s")
        self.assertEqual(sorted(statuses), [201] + [400] * 7)
        self.assertEqual(Customer.objects.filter(tenant=self.tenant_a, email__iexact="race@a.test").count(), 1)


class CompositeForeignKeyTests(AsApplicationRole, TestCase):
    """PostgreSQL checks foreign keys ignoring RLS: only (tenant_id, parent_id) ->
    (tenant_id, id) stops a row of A from pointing at B's below the API."""

    @classmethod
    def setUpTestData(cls):
        two_tenants(cls)

    def test_the_application_role_cannot_link_a_row_to_another_tenants_parent(self):
        in_tenant(self.tenant_a)
        with self.assertRaises(IntegrityError) as raised, transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("UPDATE customers_customer SET parent_id = %s WHERE id = %s", [self.b1.pk, self.a1.pk])
        self.assertIn("customers_customer_parent_id_same_tenant_fk", str(raised.exception))
        with self.assertRaises(IntegrityError), transaction.atomic():
            Customer.objects.create(tenant=self.tenant_a, name="Child", email="child@a.test", parent_id=self.b1.pk)

    def test_a_parent_in_the_same_tenant_is_accepted_and_its_deletion_unlinks_the_child(self):
        in_tenant(self.tenant_a)
        child = Customer.objects.create(tenant=self.tenant_a, name="Child", email="child@a.test", parent=self.a1)
        self.assertEqual(client_for(self.alice_token).delete(detail(self.a1)).status_code, 204)
        child.refresh_from_db()
        self.assertIsNone(child.parent_id)
