// Runs after generation, also in batch mode (-B / -DinteractiveMode=false), where the
// archetype plugin skips the descriptor's validationRegex:
// - a domain that is not a lower-case DNS name fails the generation, and nothing is left;
// - the archetype jar cannot carry .gitignore files (the archiver drops them as SCM files),
//   so they are stored as "gitignore" and renamed here;
// - every directory under backend/apps and backend/config is a Python package: its empty
//   __init__.py is written here, because a file named __init__.py in the archetype would be
//   read as a `__property__` token (one "Property 'init' was not specified" warning each);
// - scripts get back the executable bit that the jar does not keep.
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths
import java.nio.file.StandardCopyOption

Path root = Paths.get(request.outputDirectory, request.artifactId)

String domain = request.properties.getProperty('domain', '')
// Keep in step with <validationRegex> of META-INF/maven/archetype-metadata.xml.
if (!(domain ==~ /^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/)) {
    root.toFile().deleteDir()
    throw new IllegalArgumentException("-Ddomain=${domain} is not a domain name: the generated URLs would be " +
            "https://dev.${domain}. Nothing was generated.\n" +
            "fix: pass the production domain in lower case, e.g. -Ddomain=example.com")
}

['gitignore', 'frontend/gitignore'].each { String name ->
    Path from = root.resolve(name)
    if (Files.exists(from)) {
        Files.move(from, from.resolveSibling('.gitignore'), StandardCopyOption.REPLACE_EXISTING)
    }
}
['backend/apps', 'backend/config'].each { String name ->
    Files.walk(root.resolve(name)).withCloseable { paths ->
        paths.filter { Files.isDirectory(it) && it.fileName.toString() != '__pycache__' }.each { Path dir ->
            Path init = dir.resolve('__init__.py')
            if (!Files.exists(init)) {
                Files.createFile(init)
            }
        }
    }
}
['mvnw', 'backend/manage.py', 'backend/scripts/test-backend.sh'].each { String name ->
    root.resolve(name).toFile().setExecutable(true, false)
}
