package io.leadergate.it.spring;

import java.util.concurrent.atomic.AtomicLong;
import org.aopalliance.intercept.MethodInterceptor;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;

/**
 * Wraps {@link SingletonWork} in a CGLIB class proxy (what {@code @Transactional} or {@code @Timed}
 * do) that counts every call the scheduler makes to {@code runOnce}, gated or not. Ordered first,
 * so Spring's scheduling post-processor registers the proxy: the scheduler calls the proxy's
 * subclass method, which delegates to the original, where the agent's gate sits.
 */
@Component
public class CallCounter implements BeanPostProcessor, Ordered {

    private final AtomicLong calls = new AtomicLong();

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (!(bean instanceof SingletonWork)) {
            return bean;
        }
        ProxyFactory proxy = new ProxyFactory(bean);
        proxy.setProxyTargetClass(true);
        proxy.addAdvice(
                (MethodInterceptor)
                        invocation -> {
                            if (invocation.getMethod().getName().equals("runOnce")) {
                                calls.incrementAndGet();
                            }
                            return invocation.proceed();
                        });
        return proxy.getProxy(bean.getClass().getClassLoader());
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    long count() {
        return calls.get();
    }
}
