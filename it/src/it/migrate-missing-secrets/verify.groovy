def log = new File(basedir, 'build.log').text
assert log.contains('golden:migrate dev-backend is missing 4 values (variable -> secret):')
assert log.contains('DB_HOST -> DEV_DB_HOST')
assert log.contains('DB_NAME -> DEV_DB_NAME')
assert log.contains('DB_USER -> DEV_DB_USER')
assert log.contains('SECRET_KEY -> DEV_SECRET_KEY')
assert !log.contains('it-ssh-pass-77aa') && !log.contains('it-db-pass-')
assert !log.contains('SSH: logged in')
assert !log.contains('Caused by: com.meatscentral')
return true
