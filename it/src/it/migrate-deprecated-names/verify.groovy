def log = new File(basedir, 'build.log').text
assert log.contains('[WARNING] golden:migrate: the parameter <timeoutMinutes> is deprecated and goes away in the next release; rename it to <migrateTimeoutMinutes>')
assert log.contains('[WARNING] golden:migrate: the parameter <command> is deprecated and goes away in the next release; rename it to <migrateCommand>')
assert log.contains('[WARNING] golden:migrate: the parameter <lockWaitSeconds> is deprecated and goes away in the next release; rename it to <migrateLockWaitSeconds>')
assert log.contains('Environment uat2 is a frontend environment: it has no database to migrate')
assert !log.contains('Caused by:')
assert !log.contains('GoldenException') // no cause appended to the message without -e
return true
