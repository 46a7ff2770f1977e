package io.drover.config;

import java.util.regex.Pattern;

/** Keeps passwords out of anything Drover prints or stores. */
public final class Secrets {

    // password=secret, password={se;cret} (SQL Server braces), up to the next ; or &
    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)(password\\d*|pwd)=(\\{[^}]*\\}|[^;&]*)");
    // Oracle thin: jdbc:oracle:thin:user/secret@host
    private static final Pattern URL_SLASH_USERINFO = Pattern.compile("(:thin:[^/:@]+)/([^@]*)@");
    // //user:secret@host: the secret runs to the last @ of the URL, since unencoded passwords may hold @ or /
    private static final Pattern URL_USERINFO = Pattern.compile("//([^/:@]+):(.*)@(?=[^@]*$)");

    private Secrets() {
    }

    public static String maskUrl(String url) {
        if (url == null) {
            return null;
        }
        String masked = URL_PASSWORD.matcher(url).replaceAll("$1=****");
        masked = URL_SLASH_USERINFO.matcher(masked).replaceAll("$1/****@");
        return URL_USERINFO.matcher(masked).replaceAll("//$1:****@");
    }
}
