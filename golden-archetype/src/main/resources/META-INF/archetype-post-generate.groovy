// Runs after generation. The archetype jar cannot carry .gitignore files (the archiver
// drops them as SCM files), so they are stored as "gitignore" and renamed here; and
// scripts get back the executable bit that the jar does not keep.
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths
import java.nio.file.StandardCopyOption

Path root = Paths.get(request.outputDirectory, request.artifactId)
['gitignore', 'frontend/gitignore'].each { String name ->
    Path from = root.resolve(name)
    if (Files.exists(from)) {
        Files.move(from, from.resolveSibling('.gitignore'), StandardCopyOption.REPLACE_EXISTING)
    }
}
['mvnw', 'backend/manage.py', 'backend/scripts/test-backend.sh'].each { String name ->
    root.resolve(name).toFile().setExecutable(true, false)
}
