package dev.slipway.serving;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import jakarta.persistence.LockModeType;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;
import org.springframework.data.repository.query.Param;

/** Deployments as JPA entities: the low-volume aggregate with a lifecycle. */
interface DeploymentRepository extends Repository<DeploymentEntity, Long> {

	Optional<DeploymentEntity> findByName(String name);

	Optional<DeploymentEntity> findById(Long id);

	List<DeploymentEntity> findByIdInOrderByIdAsc(Collection<Long> ids);

	/**
	 * The deployment, holding its row lock until the transaction ends: every change of a
	 * rollout takes it first, so one replica at a time moves it.
	 */
	@Lock(LockModeType.PESSIMISTIC_WRITE)
	@Query("SELECT d FROM DeploymentEntity d WHERE d.name = :name")
	Optional<DeploymentEntity> lockByName(@Param("name") String name);

	@Lock(LockModeType.PESSIMISTIC_WRITE)
	@Query("SELECT d FROM DeploymentEntity d WHERE d.id = :id")
	Optional<DeploymentEntity> lockById(@Param("id") Long id);

	/** A page of deployments after a name, by name. */
	List<DeploymentEntity> findByNameGreaterThanOrderByNameAsc(String after, Limit limit);

	List<DeploymentEntity> findByModelIdOrderByNameAsc(long modelId, Limit limit);

	/** The ids of deployments with a rollout under way (progressing or paused). */
	@Query("SELECT d.id FROM DeploymentEntity d WHERE d.phase IN ('PROGRESSING', 'PAUSED') ORDER BY d.id")
	List<Long> rollingOutIds();

	long count();

	DeploymentEntity saveAndFlush(DeploymentEntity entity);

	void delete(DeploymentEntity entity);

}
