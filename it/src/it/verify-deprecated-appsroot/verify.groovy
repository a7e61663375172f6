def log = new File(basedir, 'build.log').text
assert log.contains('[WARNING] golden:verify: golden.verify.appsRoot is deprecated and goes away in the next release; rename it to golden.verify.appsRoots')
assert log.contains("golden.verify.appsRoots lists 'backend/old_apps', which is not a directory")
assert !(log =~ /\tat com\.meatscentral/) : 'a user error, not a stack trace'
return true
