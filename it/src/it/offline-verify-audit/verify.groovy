def log = new File(basedir, 'build.log').text
// A goal's own skip flag reaches it through Maven's parameter injection (a setter on the mojo).
assert log.contains('golden:verify skipped (golden.verify.skip=true)')
assert log.contains('golden:audit cannot read the secrets from the GitHub API in offline mode (mvn -o)')
assert log.contains('fix: run it without -o')
assert log.contains('skip it for this run with -Dgolden.audit.skip=true')
assert !log.contains('it-gh-token-7c1d')
assert !(log =~ /\tat com\.meatscentral/) : 'a user error, not a stack trace'
return true
