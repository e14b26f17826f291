package hotline.server.web;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Prints a {@code passwordHash} for {@code hotline.web.users}: reads the password from the console (not echoed) or
 * one line of standard input.
 * <pre>java -cp server/target/hotline-server.jar hotline.server.web.HashPassword</pre>
 */
public final class HashPassword {
    private HashPassword() {
    }

    public static void main(String[] args) throws IOException {
        Console console = System.console();
        char[] password;
        if (console != null) {
            password = console.readPassword("password: ");
        } else {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            password = line == null ? new char[0] : line.toCharArray();
        }
        if (password == null || password.length == 0) {
            System.err.println("hash-password: empty password");
            System.exit(2);
        }
        System.out.println(PasswordHash.hash(password, PasswordHash.DEFAULT_ITERATIONS));
    }
}
