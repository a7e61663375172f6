package com.meatscentral.golden.mojo;

import java.io.File;
import java.util.Map;

/**
 * One {@code <image>} of the build/push goals' configuration. Maven fills the fields.
 * name: repository name without registry (e.g. backend); contextDir: default
 * {@code ${basedir}/<name>}; dockerfile: relative to the context (default Dockerfile);
 * target: multi-stage target; buildArgs: {@code <buildArgs><BASE_IMAGE>..</BASE_IMAGE></buildArgs>}.
 */
public class Image {
    String name;
    File contextDir;
    String dockerfile;
    String target;
    Map<String, String> buildArgs;

    public Image() {}

    Image(String name, File contextDir) {
        this.name = name;
        this.contextDir = contextDir;
    }
}
