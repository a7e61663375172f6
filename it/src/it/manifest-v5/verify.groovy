def log = new File(basedir, 'build.log').text
// audit: the v5 names, no prefixes
assert log.contains('Scanning Environment: dev-backend (process environment)...')
assert log.contains('All Clear')
// workflows: generated from the v5 manifest, branches by deployment_target
def main = new File(basedir, '.github/workflows/main-pipeline.yml')
assert main.isFile()
def mainText = main.text
['development', 'uat', 'main'].each { assert mainText.contains(it) : "branch ${it} missing from main-pipeline.yml" }
['dev-backend', 'uat-frontend', 'production-backend'].each { assert mainText.contains(it) }
// verify: the manifest rule on manifest + generated workflows, and the RLS warning
assert log.contains('backend environment dev-backend has no application database role')
assert !log.contains('[manifest] config/env.manifest.json') || !log.contains('is not defined')
// deploy dry run
assert log.contains('golden:deploy dev-backend: dry run (connects nowhere, changes nothing)')
assert log.contains('manifest') && log.contains('(v5.1)')
assert log.contains('ssh_host               -> SSH_HOST -> secret SSH_HOST: set')
assert log.contains('ssh_private_key        -> SSH_KEY -> secret SSH_KEY: set')
assert log.contains('django_secret_key      -> DJANGO_SECRET_KEY -> secret DJANGO_SECRET_KEY: set')
assert log.contains('db_name                -> DB_NAME -> secret DB_NAME: set (manifest value)')
assert log.contains('registry.digitalocean.com/meatscentral/projectmeats-backend:development-1a2b3c4d5e6f')
assert log.contains('python manage.py migrate --fake-initial --noinput')
assert log.contains('everything needed is set')
assert log.contains('BUILD SUCCESS')
assert !log.contains('SSH: logged in')
['10.31.0.7', 'it-ssh-key-5d1c', 'it-db-pass-', 'it-django-key-0e7b', 'it-do-token-3a9f', 'it-pat-8c2d'].each {
    assert !log.contains(it) : "secret value ${it} leaked into build.log"
}
return true
