package dev.slipway.monitoring;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import jakarta.persistence.LockModeType;

import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;
import org.springframework.data.repository.query.Param;

/** Monitors as JPA entities: the low-volume aggregate with a lifecycle. */
interface MonitorRepository extends Repository<MonitorEntity, Long> {

	Optional<MonitorEntity> findById(Long id);

	/**
	 * The monitor, holding its row lock until the transaction ends: every write to its
	 * profiles takes it first, so merges of one monitor's windows run one at a time on
	 * every replica.
	 */
	@Lock(LockModeType.PESSIMISTIC_WRITE)
	@Query("SELECT m FROM MonitorEntity m WHERE m.id = :id")
	Optional<MonitorEntity> lockById(@Param("id") Long id);

	List<MonitorEntity> findByIdInOrderByIdAsc(Collection<Long> ids);

	boolean existsByModelIdAndName(long modelId, String name);

	long countByModelId(long modelId);

	MonitorEntity saveAndFlush(MonitorEntity entity);

	void delete(MonitorEntity entity);

}
