// Checks what `mvn verify` of the generated project cannot see for itself: the scaffold
// is complete, Velocity left no unresolved references, the names come from the
// properties, and the built SPA loads env-config.js before its bundle.
import groovy.json.JsonSlurper

File project = basedir instanceof File ? basedir : new File(basedir.toString())
if (!new File(project, 'pom.xml').exists()) {
    project = new File(project, 'project/orders')
}
def file = { String path ->
    File f = new File(project, path)
    assert f.isFile(): "missing in the generated project: $path"
    f
}

['README.md', 'mvnw', '.mvn/wrapper/maven-wrapper.properties', '.gitignore', '.dockerignore',
 'config/env.manifest.json', 'config/README.md', 'docs/GOLDEN_PIPELINE.md', 'docs/CONFIGURATION_AND_SECRETS.md',
 'backend/manage.py', 'backend/requirements.txt', 'backend/Dockerfile', 'backend/config/__init__.py',
 'backend/config/settings/development.py', 'backend/config/settings/staging.py', 'backend/config/settings/production.py',
 'backend/apps/tenants/middleware.py', 'backend/apps/tenants/rls.py', 'backend/apps/customers/migrations/0002_row_level_security.py',
 'frontend/package-lock.json', '.github/workflows/main-pipeline.yml', '.github/workflows/reusable-deploy.yml', 'frontend/nginx.conf', 'frontend/Dockerfile', 'frontend/.gitignore'].each { file(it) }
// Written by archetype-post-generate.groovy (not in the archetype: a path token there).
['backend/apps', 'backend/apps/core', 'backend/apps/customers', 'backend/apps/customers/migrations',
 'backend/apps/tenants', 'backend/apps/tenants/management', 'backend/apps/tenants/management/commands',
 'backend/apps/tenants/migrations', 'backend/apps/tenants/tests', 'backend/config', 'backend/config/settings'].each {
    assert file("$it/__init__.py").length() == 0
}
assert file('mvnw').canExecute(): 'mvnw must be executable'
assert file('backend/scripts/test-backend.sh').canExecute(): 'test-backend.sh must be executable'

// Velocity: filtered files resolved, unfiltered files untouched.
['pom.xml', 'README.md', 'config/README.md', 'config/env.manifest.json'].each { path ->
    def text = file(path).text
    assert !(text =~ /\$\{(projectName|domain|artifactId|groupId|symbol_pound)\}/): "$path: unresolved archetype property"
    assert !text.contains('#set('): "$path: Velocity directive left over"
}
assert file('README.md').text.startsWith('# Orders')
assert file('backend/scripts/test-backend.sh').text.contains('${BACKEND_TEST_IMAGE:-}')

def manifest = new JsonSlurper().parse(file('config/env.manifest.json'))
assert manifest.project == 'Orders'
assert manifest.version == '3.3'
assert manifest.environments.keySet() == ['dev-backend', 'dev-frontend', 'uat2-backend', 'uat2', 'prod2-backend', 'prod2-frontend'] as Set
assert manifest.environments['prod2-frontend'].url == 'https://orders.example.com'
assert manifest.environments['dev-frontend'].url == 'https://dev.orders.example.com'
assert manifest.environments['dev-backend'].django_settings == 'config.settings.development'

def pom = file('pom.xml').text
assert pom =~ /(?s)<parent>.*<artifactId>golden-parent<\/artifactId>.*<\/parent>/
assert pom.contains('<artifactId>orders</artifactId>')
assert !pom.contains('@project.version@'): 'the parent version must be the archetype version'

assert !file('backend/requirements.txt').text.toLowerCase().contains('django-tenants')

def index = file('frontend/dist/index.html').text
int config = index.indexOf('/env-config.js')
int bundle = index.indexOf('/assets/')
assert config >= 0 && bundle > config: 'index.html must load /env-config.js before the bundle'
// The generated build really ran the backend suite on PostgreSQL and built the SPA.
File log = new File(project, 'build.log')
assert log.isFile(): "no build log of the generated project's build at $log"
log.text.with { text ->
    def ran = (text =~ /Ran (\d+) tests? in/)
    assert ran.find(): 'the backend tests did not run'
    assert (ran.group(1) as int) >= 60: "only ${ran.group(1)} backend tests ran"
    assert text =~ /(?m)^(\[INFO\] )?OK\s*$/: 'the backend tests did not pass'
    assert !(text =~ /OK \(skipped=/): 'backend tests were skipped'
    assert text.contains("Creating test database for alias 'default'"): 'no PostgreSQL test database was created'
}
return true
