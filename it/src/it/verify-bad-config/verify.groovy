// One message for the whole configuration, each problem named, a fix, no stack trace.
def log = new File(basedir, 'build.log').text
assert log.contains("golden:verify configuration: golden.verify.appsRoots lists 'backend/shared_apps', which is not a directory")
assert log.contains("golden.verify.sharedApps names 'catalogue', which is not an app of the tree")
assert log =~ /fix: list existing folders in -Dgolden.verify.appsRoots .*apps found: tenants/
assert !log.contains('golden:verify: 0 violations') : 'a bad configuration is never a pass'
assert !(log =~ /\tat com\.meatscentral/) : 'a user error, not a stack trace'
assert log.contains('BUILD FAILURE')
return true
