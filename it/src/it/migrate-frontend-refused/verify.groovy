def log = new File(basedir, 'build.log').text
assert log.contains('Environment uat2 is a frontend environment: it has no database to migrate')
assert log.contains('fix: run golden:migrate with a backend environment (dev-backend, uat2-backend, prod2-backend)')
assert !log.contains('Caused by: com.meatscentral')
assert !log.contains('SSH: logged in')
return true
