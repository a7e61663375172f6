Marker: golden-parent itself is being built (see the profile golden-parent-itself in pom.xml).
