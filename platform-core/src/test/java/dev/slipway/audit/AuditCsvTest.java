package dev.slipway.audit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CSV cells of the audit export: RFC 4180 quoting, and no formula a spreadsheet would
 * run.
 */
class AuditCsvTest {

	@Test
	void plainValuesStayAsTheyAre() {
		assertThat(AuditService.cell("plain")).isEqualTo("plain");
		assertThat(AuditService.cell(null)).isEmpty();
	}

	@Test
	void separatorsQuotesAndLineBreaksAreQuoted() {
		assertThat(AuditService.cell("a,b")).isEqualTo("\"a,b\"");
		assertThat(AuditService.cell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
		assertThat(AuditService.cell("line1\nline2")).isEqualTo("\"line1\nline2\"");
	}

	@Test
	void longStatesAreShortenedNotRefused() {
		String description = "d".repeat(65_536);
		String json = AuditService.json(java.util.Map.of("description", description));
		assertThat(json.length()).isLessThanOrEqualTo(AuditService.MAX_STATE_LENGTH);
		assertThat(json).contains("\"_truncated\":true").contains("ddd…");
		java.util.Map<String, Object> many = new java.util.LinkedHashMap<>();
		for (int i = 0; i < 5000; i++) {
			many.put("key" + i, i);
		}
		assertThat(AuditService.json(many)).isEqualTo("{\"_truncated\":true}");
		assertThat(AuditService.json(java.util.Map.of("stage", "None"))).isEqualTo("{\"stage\":\"None\"}");
	}

	@Test
	void cellsAspreadsheetWouldRunAsAFormulaAreDefused() {
		assertThat(AuditService.cell("=1+1")).isEqualTo("'=1+1");
		assertThat(AuditService.cell("+SUM(A1)")).isEqualTo("'+SUM(A1)");
		assertThat(AuditService.cell("-2")).isEqualTo("'-2");
		assertThat(AuditService.cell("@cmd")).isEqualTo("'@cmd");
		assertThat(AuditService.cell("=HYPERLINK(\"x\",1)")).isEqualTo("\"'=HYPERLINK(\"\"x\"\",1)\"");
	}

}
