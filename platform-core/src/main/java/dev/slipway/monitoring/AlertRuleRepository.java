package dev.slipway.monitoring;

import java.util.List;
import java.util.Optional;

import jakarta.persistence.LockModeType;

import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;
import org.springframework.data.repository.query.Param;

/** Alert rules as JPA entities. */
interface AlertRuleRepository extends Repository<AlertRuleEntity, Long> {

	Optional<AlertRuleEntity> findById(Long id);

	/**
	 * The rule, holding its row lock: one replica evaluates a rule's window at a time.
	 */
	@Lock(LockModeType.PESSIMISTIC_WRITE)
	@Query("SELECT r FROM AlertRuleEntity r WHERE r.id = :id")
	Optional<AlertRuleEntity> lockById(@Param("id") Long id);

	List<AlertRuleEntity> findByMonitorIdOrderByIdAsc(long monitorId);

	@Query("SELECT r.id FROM AlertRuleEntity r ORDER BY r.id")
	List<Long> allIds();

	long countByMonitorId(long monitorId);

	boolean existsByMonitorIdAndName(long monitorId, String name);

	AlertRuleEntity saveAndFlush(AlertRuleEntity entity);

	void delete(AlertRuleEntity entity);

}
