package dev.slipway.system;

import java.util.Optional;

import org.springframework.data.repository.Repository;

/** Reads and writes the single installation row. */
interface PlatformInstanceRepository extends Repository<PlatformInstanceEntity, Long> {

	Optional<PlatformInstanceEntity> findFirstByOrderByIdAsc();

	PlatformInstanceEntity save(PlatformInstanceEntity entity);

}
