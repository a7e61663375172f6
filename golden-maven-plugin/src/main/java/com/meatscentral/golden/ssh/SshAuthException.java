package com.meatscentral.golden.ssh;

import com.meatscentral.golden.GoldenException;

/** The server refused the login (wrong password, key not authorized, unreadable key). */
public class SshAuthException extends GoldenException {

    public SshAuthException(String message, String hint, Throwable cause) {
        super(message, hint, cause);
    }
}
