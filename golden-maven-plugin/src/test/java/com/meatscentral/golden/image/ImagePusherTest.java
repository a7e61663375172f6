package com.meatscentral.golden.image;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImagePusherTest {

    /** Error texts as dockerd 20.10 / Distribution 2.8 put them in a push stream's errorDetail. */
    @ParameterizedTest(name = "{0} -> auth={1} retry={2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "unauthorized: authentication required | true | false",
                "denied: requested access to the resource is denied | true | false",
                "received unexpected HTTP status: 403 Forbidden | true | false",
                "received unexpected HTTP status: 500 Internal Server Error | false | true",
                "received unexpected HTTP status: 502 Bad Gateway | false | true",
                "received unexpected HTTP status: 503 Service Unavailable | false | true",
                "Put \"http://127.0.0.1:5000/v2/x/blobs/uploads/abc\": dial tcp 127.0.0.1:5000: connect: connection refused | false | true",
                "write tcp 127.0.0.1:41234->127.0.0.1:5000: write: connection reset by peer | false | true",
                "Patch \"http://127.0.0.1:5000/v2/x/blobs/uploads/abc\": EOF | false | true",
                "net/http: TLS handshake timeout | false | true",
                "manifest invalid: manifest invalid | false | false",
                "name unknown: repository name not known to registry | false | false",
                "tag does not exist: 127.0.0.1:5000/backend:dev-latest | false | false",
            })
    void authFailuresAreNotRetriedAndConnectionFailuresAnd5xxAre(String error, boolean auth, boolean retried) {
        assertThat(ImagePusher.isAuthFailure(error)).isEqualTo(auth);
        assertThat(ImagePusher.isTransient(error)).isEqualTo(retried);
    }
}
