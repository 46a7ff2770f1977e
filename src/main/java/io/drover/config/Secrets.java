package io.drover.config;

import java.util.regex.Pattern;

/** Keeps passwords out of anything Drover prints or stores. */
public final class Secrets {

    // password=secret, password={se;cret} (SQL Server braces): in a URL's query (after ?) parameters end at &
    // only (pgjdbc, MariaDB, MySQL), elsewhere at ; (H2, SQL Server); a ; or & of the other kind is the password's
    private static final Pattern QUERY_PASSWORD = Pattern.compile("(?i)(password\\d*|pwd)=([^&]*)");
    private static final Pattern PATH_PASSWORD = Pattern.compile("(?i)(password\\d*|pwd)=(\\{[^}]*\\}|[^;]*)");
    // Oracle thin: jdbc:oracle:thin:user/secret@host, or user/"se@cret"@host with the password quoted
    private static final Pattern URL_SLASH_USERINFO = Pattern.compile("(:thin:[^/:@]+)/(\"[^\"]*\"|[^@]*)@");
    // //user:secret@host: the secret runs to the last @ of the URL, since unencoded passwords may hold @ or /
    private static final Pattern URL_USERINFO = Pattern.compile("//([^/:@]+):(.*)@(?=[^@]*$)");

    private Secrets() {
    }

    public static String maskUrl(String url) {
        if (url == null) {
            return null;
        }
        int query = url.indexOf('?');
        int semicolon = url.indexOf(';');
        if (semicolon >= 0 && semicolon < query) {
            query = -1; // H2, SQL Server: parameters after ;, and a ? further on is a password's
        }
        String masked = query < 0 ? PATH_PASSWORD.matcher(url).replaceAll("$1=****")
                : PATH_PASSWORD.matcher(url.substring(0, query)).replaceAll("$1=****")
                        + QUERY_PASSWORD.matcher(url.substring(query)).replaceAll("$1=****");
        masked = URL_SLASH_USERINFO.matcher(masked).replaceAll("$1/****@");
        return URL_USERINFO.matcher(masked).replaceAll("//$1:****@");
    }
}
