package io.drover.sample;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The sample migration's data: a deterministic generator of legacy customers and addresses with the
 * usual legacy mess, plus a few deliberately bad items that must fail with clear messages. The same
 * count always gives the same rows, and the generator knows which items it spoiled.
 */
public final class SampleData {

    private static final String[] FIRST = {"Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "Ken",
            "Margaret", "Dennis", "Radia", "John", "Sophie", "Tim", "Hedy", "Linus", "Annie", "Claude", "Jean", "Niklaus"};
    private static final String[] LAST = {"Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Allen",
            "Thompson", "Hamilton", "Ritchie", "Perlman", "Backus", "Wilson", "Berners-Lee", "Lamarr", "Torvalds",
            "Easley", "Shannon", "Sammet", "Wirth"};
    private static final String[] CITY = {"Berlin", "Lyon", "Porto", "Leeds", "Gdansk", "Turin", "Ghent", "Bergen"};
    private static final String[] COUNTRY = {"de", "FR", "pt", "GB", "pl", "it", "BE", "no"};
    private static final String[] KIND = {"H", "W", "B"};
    private static final String[] STATUS = {"A", "A", "I", "S", "a"};
    private static final int BAD_EVERY = 500;

    private SampleData() {
    }

    /** The deliberately bad items among {@code customers} customers, by id, with what is wrong with each. */
    public static Map<Integer, String> badItems(int customers) {
        Map<Integer, String> bad = new LinkedHashMap<>();
        for (int id = BAD_EVERY / 2; id <= customers; id += BAD_EVERY) {
            bad.put(id, switch (badKind(id)) {
                case 0 -> "created_at '31/02/2019' is not a date";
                case 1 -> "status code 'X' is unknown";
                default -> "an address without street (violates the target's NOT NULL constraint)";
            });
        }
        return bad;
    }

    /** The period of the created_at offsets, in hours: bench/sql/generate-*.sql use the same. */
    static final long CREATED_WRAP_HOURS = 60_000_000L;

    /**
     * What {@link #createSource} seeds among {@code customers} customers, counted over the very rows it
     * generates: the numbers an audit of the sample must report.
     *
     * @param badDates          customers whose created_at is no date (31/02/2019)
     * @param unknownStatuses   customers whose status code is unknown (X)
     * @param nullStreets       address rows without street (the target's NOT NULL refuses them)
     * @param itemsWithNullStreet customers with such an address
     * @param nullPhones        customers without phone
     */
    public record Defects(int customers, int addresses, int badDates, int unknownStatuses, int nullStreets,
                          int itemsWithNullStreet, int nullPhones) {

        /** Customers that cannot be migrated as generated. */
        public int badItems() {
            return badDates + unknownStatuses + itemsWithNullStreet;
        }
    }

    public static Defects defects(int customers) {
        int addresses = 0;
        int badDates = 0;
        int unknownStatuses = 0;
        int nullStreets = 0;
        int itemsWithNullStreet = 0;
        int nullPhones = 0;
        for (int id = 1; id <= customers; id++) {
            Object[] customer = customer(id);
            badDates += "31/02/2019".equals(customer[5]) ? 1 : 0;
            unknownStatuses += "X".equals(customer[4]) ? 1 : 0;
            nullPhones += customer[3] == null ? 1 : 0;
            int withoutStreet = 0;
            for (Object[] address : addresses(id)) {
                addresses++;
                withoutStreet += address[3] == null ? 1 : 0;
            }
            nullStreets += withoutStreet;
            itemsWithNullStreet += withoutStreet > 0 ? 1 : 0;
        }
        return new Defects(customers, addresses, badDates, unknownStatuses, nullStreets, itemsWithNullStreet, nullPhones);
    }

    /**
     * What {@link #spoilForAudit} did to a sample source.
     *
     * @param duplicatedEmails  emails that two customers now share once cleansed (trimmed, lower case)
     * @param customersInvolved customers holding one of them
     * @param orphanAddresses   address rows whose customer does not exist
     * @param orphanParents     the missing customer ids they point to, in order
     */
    public record Spoiled(int duplicatedEmails, int customersInvolved, int orphanAddresses, List<Integer> orphanParents) {
    }

    /**
     * Spoils an existing sample source of {@code customers} customers on purpose, for audits: every
     * 100th customer gets the email of the customer before it in another letter case, and for every 1000
     * customers (at least one) a missing customer gets two addresses. The default sample stays as it is.
     */
    public static Spoiled spoilForAudit(DataSource source, int customers) throws SQLException {
        int duplicated = 0;
        List<Integer> parents = new ArrayList<>();
        try (Connection connection = source.getConnection();
             PreparedStatement email = connection.prepareStatement("UPDATE customers SET email = ? WHERE id = ?");
             PreparedStatement address = connection.prepareStatement(
                     "INSERT INTO addresses (id, customer_id, kind, street, city, zip, country) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (int id = 100; id <= customers; id += 100) {
                String previous = ((String) customer(id - 1)[2]).trim();
                String otherCase = previous.equals(previous.toUpperCase(Locale.ROOT))
                        ? previous.toLowerCase(Locale.ROOT) : previous.toUpperCase(Locale.ROOT);
                email.setString(1, otherCase);
                email.setInt(2, id);
                email.executeUpdate();
                duplicated++;
            }
            for (int n = 1; n <= Math.max(1, customers / 1000); n++) {
                int missing = customers + 1000 + n;
                parents.add(missing);
                for (int k = 0; k < 2; k++) {
                    Object[] row = {missing * 10 + k, missing, KIND[k], (k + 1) + " Nowhere Street", CITY[k], "00000", COUNTRY[k]};
                    for (int i = 0; i < row.length; i++) {
                        address.setObject(i + 1, row[i]);
                    }
                    address.executeUpdate();
                }
            }
        }
        return new Spoiled(duplicated, 2 * duplicated, 2 * parents.size(), List.copyOf(parents));
    }

    /** Replaces the legacy tables in the source with {@code customers} generated customers; returns the address count. */
    public static int createSource(DataSource source, int customers) throws SQLException {
        try (Connection connection = source.getConnection()) {
            String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
            String timestamp = product.contains("mariadb") || product.contains("mysql") ? "DATETIME" : "TIMESTAMP";
            runScript(connection, script("source.sql").replace("${timestamp}", timestamp));
            connection.setAutoCommit(false);
            int addresses = 0;
            try (PreparedStatement customer = connection.prepareStatement(
                    "INSERT INTO customers (id, full_name, email, phone, status, created_at, modified_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
                 PreparedStatement address = connection.prepareStatement(
                         "INSERT INTO addresses (id, customer_id, kind, street, city, zip, country) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                for (int id = 1; id <= customers; id++) {
                    Object[] row = customer(id);
                    for (int i = 0; i < row.length; i++) {
                        customer.setObject(i + 1, row[i]);
                    }
                    customer.addBatch();
                    for (Object[] a : addresses(id)) {
                        for (int i = 0; i < a.length; i++) {
                            address.setObject(i + 1, a[i]);
                        }
                        address.addBatch();
                        addresses++;
                    }
                    if (id % 1000 == 0) {
                        customer.executeBatch();
                        address.executeBatch();
                    }
                }
                customer.executeBatch();
                address.executeBatch();
            }
            connection.commit();
            return addresses;
        }
    }

    /** Replaces the sample's target tables (customer, customer_address) with empty ones. */
    public static void createTarget(DataSource target) throws SQLException {
        try (Connection connection = target.getConnection()) {
            String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
            runScript(connection, script(product.contains("h2") ? "target-h2.sql" : "target-postgresql.sql"));
        }
    }

    static Object[] customer(int id) {
        String first = FIRST[(id * 7) % FIRST.length];
        String last = LAST[(id * 13) % LAST.length];
        String fullName = switch (id % 4) {
            case 0 -> first + " " + last;
            case 1 -> "  " + first + "   " + last + " ";
            case 2 -> last.toUpperCase(Locale.ROOT) + ", " + first;
            default -> first.toLowerCase(Locale.ROOT) + " " + last;
        };
        String email = switch (id % 3) {
            case 0 -> first + "." + last + id + "@Example.COM";
            case 1 -> "  " + first.toLowerCase(Locale.ROOT) + "." + last.toLowerCase(Locale.ROOT) + id + "@example.com ";
            default -> (first + id + "@MAIL.example.org").toUpperCase(Locale.ROOT);
        };
        int n = 1_000_000 + (int) ((id * 7919L) % 8_999_999); // long: id * 7919 overflows an int above id 271,180
        String digits = String.format("%07d", n);
        String phone = switch (id % 5) {
            case 0 -> null;
            case 1 -> "(555) " + digits.substring(0, 3) + "-" + digits.substring(3);
            case 2 -> "555." + digits.substring(0, 3) + "." + digits.substring(3);
            case 3 -> "+1 555 " + digits.substring(0, 3) + " " + digits.substring(3);
            default -> "0044 20 " + digits.substring(0, 4) + " " + digits.substring(4);
        };
        String status = STATUS[id % STATUS.length];
        // the offset wraps after 60,000,000 hours (6,845 years, from id 1,621,622 on): every date keeps four-digit
        // years, which MariaDB's DATETIME and the converter's dd/MM/yyyy need, however many customers are made
        LocalDateTime created = LocalDateTime.of(2015, 1, 1, 8, 0).plusHours(id * 37L % CREATED_WRAP_HOURS);
        String createdAt = id % 2 == 0
                ? created.toString().replace('T', ' ') + (created.getSecond() == 0 ? ":00" : "")
                : String.format("%02d/%02d/%d", created.getDayOfMonth(), created.getMonthValue(), created.getYear());
        if (isBad(id) && badKind(id) == 0) {
            createdAt = "31/02/2019";
        }
        if (isBad(id) && badKind(id) == 1) {
            status = "X";
        }
        return new Object[] {id, fullName, email, phone, status, createdAt,
                Timestamp.valueOf(LocalDateTime.of(2024, 1, 1, 0, 0).plusMinutes(id))};
    }

    static List<Object[]> addresses(int id) {
        int count = isBad(id) && badKind(id) == 2 ? 1 : id % 3;
        List<Object[]> rows = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            boolean spoiled = isBad(id) && badKind(id) == 2;
            rows.add(new Object[] {id * 10 + k, id, KIND[(id + k) % KIND.length],
                    spoiled ? null : (k + 1) * 3 + " " + LAST[(id + k) % LAST.length] + " Street",
                    CITY[(id + k) % CITY.length], String.format("%05d", (id * 31 + k) % 100_000),
                    COUNTRY[(id + k) % COUNTRY.length]});
        }
        return rows;
    }

    private static boolean isBad(int id) {
        return id % BAD_EVERY == BAD_EVERY / 2;
    }

    private static int badKind(int id) {
        return (id / BAD_EVERY) % 3;
    }

    private static String script(String name) {
        try (InputStream in = SampleData.class.getResourceAsStream("/sample/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read sample/" + name, e);
        }
    }

    /** Runs a script of plain statements separated by semicolons at line ends. */
    static void runScript(Connection connection, String script) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String sql : script.replaceAll("(?m)^--.*$", "").split(";\\s*\\n")) {
                if (!sql.isBlank()) {
                    statement.execute(sql.trim().replaceAll(";$", ""));
                }
            }
        }
    }
}
