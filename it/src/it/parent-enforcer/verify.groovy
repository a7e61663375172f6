def log = new File(basedir, 'build.log').text
assert log.contains('maven-enforcer-plugin') && log.contains('(golden-requirements)')
assert log.contains('golden services build with Java 99 or later.')
assert log.contains('fix: point JAVA_HOME at a JDK 99+')
// requireMavenVersion passed (this Maven is 3.9+), and nothing of golden ran after the failure.
assert !log.contains('RequireMavenVersion failed')
assert !log.contains('golden:verify:')
return true
