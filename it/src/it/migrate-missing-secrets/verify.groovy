def log = new File(basedir, 'build.log').text
assert log.contains('Environment dev-backend is missing 4 values (role or variable -> CI secret):')
assert log.contains('db_host -> DB_HOST -> secret DEV_DB_HOST')
assert log.contains('db_name -> DB_NAME -> secret DEV_DB_NAME')
assert log.contains('db_user -> DB_USER -> secret DEV_DB_USER')
assert log.contains('django_secret_key -> SECRET_KEY -> secret DEV_SECRET_KEY')
assert !log.contains('it-ssh-pass-77aa') && !log.contains('it-db-pass-')
assert !log.contains('SSH: logged in')
assert !log.contains('Caused by: com.meatscentral')
return true
