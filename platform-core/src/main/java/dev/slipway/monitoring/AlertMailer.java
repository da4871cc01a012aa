package dev.slipway.monitoring;

import java.time.Instant;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.PropertySource;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Mails an alert's state change to the rule's recipients once the evaluation has
 * committed, where an SMTP server is configured ({@code spring.mail.host}); without one,
 * nothing is sent. A failing server costs one log line, never the evaluation.
 */
@Configuration(proxyBeanMethods = false)
@PropertySource("classpath:dev/slipway/monitoring/mail.properties")
class AlertMailer {

	private static final Logger log = LoggerFactory.getLogger(AlertMailer.class);

	private final ObjectProvider<JavaMailSender> sender;

	private final AlertRuleRepository rules;

	private final MonitoringSettings settings;

	AlertMailer(ObjectProvider<JavaMailSender> sender, AlertRuleRepository rules, MonitoringSettings settings) {
		this.sender = sender;
		this.rules = rules;
		this.settings = settings;
	}

	@TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
	public void send(MonitorAlert alert) {
		JavaMailSender mail = this.sender.getIfAvailable();
		if (mail == null) {
			return;
		}
		List<String> to = this.rules.findById(alert.ruleId()).map((r) -> r.toDomain().emails()).orElse(List.of());
		if (to.isEmpty()) {
			return;
		}
		String state = (alert.state() == AlertState.FIRING) ? "FIRING" : "RESOLVED";
		SimpleMailMessage message = new SimpleMailMessage();
		message.setFrom(this.settings.mailFrom());
		message.setTo(to.toArray(String[]::new));
		message.setSubject("[Slipway] " + state + ": " + alert.ruleName() + " on " + alert.modelName() + " / "
				+ alert.monitorName());
		message.setText("Alert rule: " + alert.ruleName() + "\nState: " + state + "\nModel: " + alert.modelName()
				+ "\nMonitor: " + alert.monitorName() + "\nWindow: " + Instant.ofEpochMilli(alert.windowStart())
				+ "\nValue: " + alert.value() + "\nBounds: " + alert.lower() + " to " + alert.upper() + "\n\n"
				+ alert.reason() + "\n");
		try {
			mail.send(message);
		}
		catch (MailException ex) {
			log.warn("Alert e-mail for rule {} not sent: {}", alert.ruleId(), ex.getMessage());
		}
	}

}
