def log = new File(basedir, 'build.log').text
assert log.contains('Scanning Environment: uat2 (process environment)...')
assert log.contains('All Clear (6 secrets set in the process environment)')
assert log.contains('Optional, not set: SSH_PRIVATE_KEY -> STAGING_SSH_PRIVATE_KEY')
assert log.contains('BUILD SUCCESS')
// Values never reach the log.
['10.20.0.7', 'it-ssh-pass-4f1e', 'it-do-token-9b2c', 'https://uat.meatscentral.com/api'].each {
    assert !log.contains(it) : "secret value ${it} leaked into build.log"
}
return true
