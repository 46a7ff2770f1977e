import java.lang.reflect.Method;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Timestamp;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The fingerprint of bench/sql/fingerprint-*.sql computed from the sample's own generator,
 * io.drover.sample.SampleData (customer(id) and addresses(id), called by reflection since they are
 * package-private), for the customers 1..N: bench/compare.sh compares it with the tables it generated in SQL.
 * Prints "customers COUNT SUM", "addresses COUNT SUM" and "bad_items COUNT", tab-separated.
 * Run: java -cp target/drover.jar bench/GeneratorFingerprint.java N
 */
public class GeneratorFingerprint {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        Class<?> sample = Class.forName("io.drover.sample.SampleData");
        Method customer = sample.getDeclaredMethod("customer", int.class);
        Method addresses = sample.getDeclaredMethod("addresses", int.class);
        Method badItems = sample.getDeclaredMethod("badItems", int.class);
        customer.setAccessible(true);
        addresses.setAccessible(true);
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        BigInteger customerSum = BigInteger.ZERO;
        BigInteger addressSum = BigInteger.ZERO;
        long addressCount = 0;
        for (int id = 1; id <= n; id++) {
            customerSum = customerSum.add(fingerprint(md5, (Object[]) customer.invoke(null, id)));
            for (Object[] address : (List<Object[]>) addresses.invoke(null, id)) {
                addressSum = addressSum.add(fingerprint(md5, address));
                addressCount++;
            }
        }
        System.out.println("customers\t" + n + "\t" + customerSum);
        System.out.println("addresses\t" + addressCount + "\t" + addressSum);
        System.out.println("bad_items\t" + ((java.util.Map<?, ?>) badItems.invoke(null, n)).size());
    }

    /** The first 60 bits of the MD5 of the row as 'col|col|…', NULL written \N. */
    private static BigInteger fingerprint(MessageDigest md5, Object[] row) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < row.length; i++) {
            Object value = row[i];
            text.append(i == 0 ? "" : "|").append(value == null ? "\\N"
                    : value instanceof Timestamp t ? t.toLocalDateTime().format(STAMP) : value.toString());
        }
        byte[] digest = md5.digest(text.toString().getBytes(StandardCharsets.UTF_8));
        return new BigInteger(1, digest).shiftRight(128 - 60);
    }
}
