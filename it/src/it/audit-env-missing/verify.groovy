def log = new File(basedir, 'build.log').text
// The failure names the environment, the logical variable and the secret to set.
assert log.contains('[ERROR]   Missing 1 required secret in uat2:')
assert log.contains('[ERROR]     BASTION_HOST -> STAGING_HOST')
assert log.contains('Secrets audit failed: 1 required secret missing:')
assert log.contains('uat2: BASTION_HOST -> STAGING_HOST')
assert log.contains('fix: set each secret named after the arrow')
assert !log.contains('it-ssh-pass-4f1e') && !log.contains('it-do-token-9b2c')
// A user error: one message, no golden exception behind it (the invoker runs Maven without -e,
// as a user does: no cause may be appended to the message; offline-refused checks -e).
assert !log.contains('GoldenException')
assert !log.contains('Caused by: com.meatscentral')
return true
