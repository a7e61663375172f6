def log = new File(basedir, 'build.log').text
assert log.contains('golden:verify: 0 violations (16 rules, ')
assert !(log =~ /(?m)^\[ERROR\] \S+:\d+: \[/)
assert log.contains('golden:audit: no GitHub token and no -Denv, so there is nothing to audit against; skipped.')
assert log.contains('BUILD SUCCESS')
return true
