/** Says once, up front, whether the PostgreSQL half of the integration tests runs. */
export default function setup(): void {
  if (process.env.TEST_DATABASE_URL) {
    console.log("Integratietests draaien op SQLite en PostgreSQL (TEST_DATABASE_URL is gezet).");
  } else {
    console.log(
      "LET OP: PostgreSQL-tests worden OVERGESLAGEN: TEST_DATABASE_URL is niet gezet. Alleen SQLite wordt getest.",
    );
  }
}
