package com.meatscentral.golden;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The one way golden's value objects are made by component name, and copied back into a builder. */
class BuildersTest {

    record Point(String name, int x, int y) {}

    static final class PointBuilder {
        public String name;
        public int x;
        public int y;

        Point build() {
            return new Point(name, x, y);
        }
    }

    static final class NoY {
        public String name;
        public int x;
    }

    @Test
    void aValueIsMadeFromTheComponentsTheSettingsName() {
        Point p = Builders.build(
                new PointBuilder(),
                b -> {
                    b.name = "a";
                    b.x = 1;
                    b.y = 2;
                },
                PointBuilder::build);
        assertThat(p).isEqualTo(new Point("a", 1, 2));
    }

    @Test
    void aCopyHoldsEveryComponentSoAChangeKeepsTheRest() {
        PointBuilder b = Builders.copy(new Point("a", 1, 2), new PointBuilder());
        b.y = 5;
        assertThat(b.build()).isEqualTo(new Point("a", 1, 5));
    }

    @Test
    void aBuilderThatLacksAComponentIsAProgrammingErrorNamedAsSuch() {
        assertThatThrownBy(() -> Builders.copy(new Point("a", 1, 2), new NoY()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("NoY cannot take component y of")
                .hasMessageContaining("Point");
    }
}
