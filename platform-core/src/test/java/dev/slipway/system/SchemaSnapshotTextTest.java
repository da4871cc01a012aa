package dev.slipway.system;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The parts of {@link SchemaSnapshot} that decide what counts as a difference: the type
 * vocabulary, the H2 view of a snapshot, and the failure message's diff.
 */
class SchemaSnapshotTextTest {

	@Test
	void bothDatabasesTypeNamesMeetInOneVocabulary() {
		// PostgreSQL's driver names on the left, H2's on the right.
		assertThat(SchemaSnapshot.type("int8", 19, 0)).isEqualTo(SchemaSnapshot.type("BIGINT", 64, 0))
			.isEqualTo("BIGINT");
		assertThat(SchemaSnapshot.type("varchar", 250, 0)).isEqualTo(SchemaSnapshot.type("CHARACTER VARYING", 250, 0))
			.isEqualTo("VARCHAR(250)");
		assertThat(SchemaSnapshot.type("varchar", Integer.MAX_VALUE, 0))
			.isEqualTo(SchemaSnapshot.type("CHARACTER VARYING", 1_000_000_000, 0))
			.isEqualTo("VARCHAR");
		assertThat(SchemaSnapshot.type("timestamptz", 35, 6))
			.isEqualTo(SchemaSnapshot.type("TIMESTAMP WITH TIME ZONE", 35, 6))
			.isEqualTo("TIMESTAMP WITH TIME ZONE");
		assertThat(SchemaSnapshot.type("bpchar", 64, 0)).isEqualTo(SchemaSnapshot.type("CHARACTER", 64, 0))
			.isEqualTo("CHAR(64)");
		assertThat(SchemaSnapshot.type("bytea", Integer.MAX_VALUE, 0))
			.isEqualTo(SchemaSnapshot.type("BINARY VARYING", 1_000_000_000, 0))
			.isEqualTo("BYTEA");
		// H2 outside PostgreSQL mode turns TEXT into a CLOB: that must show, not blend
		// in.
		assertThat(SchemaSnapshot.type("CHARACTER LARGE OBJECT", 1_000_000_000, 0)).isEqualTo("CLOB");
		assertThat(SchemaSnapshot.type("geometry", 0, 0)).isEqualTo("GEOMETRY?");
	}

	@Test
	void defaultsLoseCastsAndCase() {
		assertThat(SchemaSnapshot.defaultValue("FALSE")).isEqualTo(SchemaSnapshot.defaultValue("false"));
		assertThat(SchemaSnapshot.defaultValue("'None'::character varying")).isEqualTo("'None'");
		assertThat(SchemaSnapshot.defaultValue("(0)")).isEqualTo("0");
	}

	@Test
	void h2SeesTheSnapshotWithoutPostgresqlOnlyLinesAndTheirEmptyBlocks() {
		String snapshot = """
				# header

				table audit_events
				  column id BIGINT not null identity
				  trigger no_change before each row on delete [postgresql only]

				function append_only [postgresql only]
				""";
		assertThat(SchemaSnapshot.withoutPostgresqlOnly(snapshot)).isEqualTo("""
				# header

				table audit_events
				  column id BIGINT not null identity
				""");
	}

	@Test
	void differencesNameTheTableAndShowBothSides() {
		String expected = """
				table runs
				  column id BIGINT not null identity
				  column name VARCHAR(250)

				table tags
				  column id BIGINT not null identity
				""";
		String actual = expected.replace("column name VARCHAR(250)", "column name CLOB");
		assertThat(SchemaSnapshot.differences(expected, actual, 10)).isEqualTo("""
				@ table runs
				-   column name VARCHAR(250)
				+   column name CLOB
				""");
		assertThat(SchemaSnapshot.differences(expected, expected, 10)).isEmpty();
	}

}
