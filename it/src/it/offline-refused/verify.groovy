def log = new File(basedir, 'build.log').text
assert log.contains("golden:status cannot reach the environment's droplet over SSH in offline mode (mvn -o)")
assert log.contains('fix: run it without -o')
assert log.contains('skip it for this run with -Dgolden.status.skip=true')
// -e shows the chain, redacted: the user error behind the MojoFailureException.
assert log.contains('Caused by: com.meatscentral.golden.mojo.AbstractGoldenMojo$RedactedThrowable: com.meatscentral.golden.GoldenException: golden:status cannot reach')
assert !log.contains('SSH: ')
assert !log.contains('Cannot connect to SSH server')
return true
